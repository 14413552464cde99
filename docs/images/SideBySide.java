import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Places pictures side by side, top-aligned, with a white gap of 4 pixels between them, into one PNG or JPEG: how
 * the pictures in docs/ are assembled from the command line's outputs (make-pictures.sh). A picture may be cut
 * first ({@code file.png@x,y,width,height}). A JDK runs it as it is:
 *
 * <pre>java docs/images/SideBySide.java out.jpg first.png second.png@0,0,450,300 ...</pre>
 */
public final class SideBySide {

    private static final int GAP = 4;

    private SideBySide() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java SideBySide.java OUTPUT.(png|jpg) PICTURE[@x,y,width,height]...");
            System.exit(2);
        }
        BufferedImage[] pictures = new BufferedImage[args.length - 1];
        int width = -GAP;
        int height = 0;
        for (int i = 1; i < args.length; i++) {
            String[] fileAndCut = args[i].split("@", 2);
            BufferedImage picture = ImageIO.read(new File(fileAndCut[0]));
            if (picture == null) {
                throw new IOException(fileAndCut[0] + " is not a picture Java can read");
            }
            if (fileAndCut.length == 2) {
                String[] cut = fileAndCut[1].split(",");
                picture = picture.getSubimage(Integer.parseInt(cut[0]), Integer.parseInt(cut[1]),
                        Integer.parseInt(cut[2]), Integer.parseInt(cut[3]));
            }
            pictures[i - 1] = picture;
            width += picture.getWidth() + GAP;
            height = Math.max(height, picture.getHeight());
        }
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage picture : pictures) {
            g.drawImage(picture, x, 0, null);
            x += picture.getWidth() + GAP;
        }
        g.dispose();
        String output = args[0];
        if (!ImageIO.write(sheet, output.endsWith(".png") ? "png" : "jpg", new File(output))) {
            throw new IOException("no writer for " + output);
        }
    }
}
