import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Enlarges a picture by a whole factor (bicubic) into a PNG: make-pictures.sh's stand-in for a large photo, made
 * from the small sample photo the repository carries. A JDK runs it as it is:
 *
 * <pre>java docs/images/Enlarge.java in.jpg 4 out.png</pre>
 */
public final class Enlarge {

    private Enlarge() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java Enlarge.java INPUT FACTOR OUTPUT.png");
            System.exit(2);
        }
        BufferedImage in = ImageIO.read(new File(args[0]));
        int factor = Integer.parseInt(args[1]);
        BufferedImage out = new BufferedImage(in.getWidth() * factor, in.getHeight() * factor,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(in, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        ImageIO.write(out, "png", new File(args[2]));
    }
}
