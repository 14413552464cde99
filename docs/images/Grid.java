import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Lays pictures out in a grid of square cells, each scaled to fit its cell and captioned below (the text after
 * {@code =}), into one JPEG or PNG: how docs/images/spark-grid.jpg is assembled (make-spark-grid.sh). A JDK runs it
 * as it is:
 *
 * <pre>java docs/images/Grid.java out.jpg COLUMNS CELL photo.jpg=photo pastiche.png=starry_night ...</pre>
 */
public final class Grid {

    private static final int GAP = 6;
    private static final int CAPTION = 18;

    private Grid() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: java Grid.java OUTPUT.(png|jpg) COLUMNS CELL PICTURE[=CAPTION]...");
            System.exit(2);
        }
        int columns = Integer.parseInt(args[1]);
        int cell = Integer.parseInt(args[2]);
        int count = args.length - 3;
        int rows = (count + columns - 1) / columns;
        int width = columns * (cell + GAP) + GAP;
        int height = rows * (cell + CAPTION + GAP) + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < count; i++) {
            String[] fileAndCaption = args[3 + i].split("=", 2);
            BufferedImage picture = ImageIO.read(new File(fileAndCaption[0]));
            if (picture == null) {
                throw new IOException(fileAndCaption[0] + " is not a picture Java can read");
            }
            double scale = Math.min((double) cell / picture.getWidth(), (double) cell / picture.getHeight());
            int w = (int) Math.round(picture.getWidth() * scale);
            int h = (int) Math.round(picture.getHeight() * scale);
            int x = GAP + (i % columns) * (cell + GAP);
            int y = GAP + (i / columns) * (cell + CAPTION + GAP);
            g.drawImage(picture, x + (cell - w) / 2, y + (cell - h) / 2, w, h, null);
            if (fileAndCaption.length == 2) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(fileAndCaption[1], x + 2, y + cell + CAPTION - 5);
            }
        }
        g.dispose();
        String output = args[0];
        if (!ImageIO.write(sheet, output.endsWith(".png") ? "png" : "jpg", new File(output))) {
            throw new IOException("no writer for " + output);
        }
    }
}
