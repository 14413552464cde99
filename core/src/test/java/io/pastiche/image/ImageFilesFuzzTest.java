package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pastiche.ImageFormatException;
import io.pastiche.testkit.ImageBytes;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Coverage-guided fuzzing of image reading from bytes: format detection, the header's size, decoding (JPEG with
 * CMYK and ICC profiles, PNG, GIF, BMP, WebP, TIFF), colour conversion and EXIF orientation. Whatever the bytes,
 * reading gives an image of a type pastiche writes, or an {@link ImageFormatException}; anything else is a
 * finding. Without {@code JAZZER_FUZZ} this replays {@code ImageFilesFuzzTestInputs/image}.
 */
class ImageFilesFuzzTest {

    /** Small, so that each input decodes quickly; the check before decoding is the same for any limit. */
    private static final long MAX_PIXELS = 512 * 512;

    private static final Set<Integer> WRITABLE = Set.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY);

    @FuzzTest(maxDuration = "10m")
    void image(byte[] bytes) {
        BufferedImage image;
        try {
            image = ImageFiles.read(bytes, "fuzzed", MAX_PIXELS);
        } catch (ImageFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzzed").doesNotContainPattern("\\p{Cc}");
            return;
        }
        assertThat(WRITABLE).contains(image.getType());
        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(MAX_PIXELS);
    }

    private static byte[] encoded(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /**
     * Writes the seed inputs: small images of each format and kind pastiche reads (CMYK, YCCK and ICC JPEGs, an
     * EXIF-rotated JPEG, PNG with alpha and 16 bits, GIF, BMP, TIFF), and the damage the reader must refuse (the
     * first half of a JPEG and of a PNG, a PNG header claiming 100000 x 100000). Run with the test class path and
     * the inputs folder as the argument; the seeds are committed.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        BufferedImage rgb = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 6, 8);
        g.setColor(Color.BLUE);
        g.fillRect(6, 0, 6, 8);
        g.dispose();
        byte[] jpeg = encoded(rgb, "jpg");
        byte[] png = encoded(rgb, "png");
        Files.write(dir.resolve("rgb.jpg"), jpeg);
        Files.write(dir.resolve("rgb.png"), png);
        Files.write(dir.resolve("rgb.gif"), encoded(rgb, "gif"));
        Files.write(dir.resolve("rgb.bmp"), encoded(rgb, "bmp"));
        Files.write(dir.resolve("rgb.tiff"), encoded(rgb, "tiff"));
        BufferedImage argb = new BufferedImage(6, 5, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80123456);
        Files.write(dir.resolve("argb.png"), encoded(argb, "png"));
        Files.write(dir.resolve("grey.png"), encoded(new BufferedImage(5, 5, BufferedImage.TYPE_USHORT_GRAY), "png"));
        Files.write(dir.resolve("cmyk.jpg"), PrintJpegs.cmyk(new int[] {0, 255, 255, 0}, new int[] {0, 0, 0, 0}));
        Files.write(dir.resolve("ycck.jpg"), PrintJpegs.ycck(new int[] {0, 255, 255, 0}, new int[] {0, 0, 0, 40}));
        Files.write(dir.resolve("icc.jpg"), PrintJpegs.linearRgb(0x808080, 0x204080));
        Files.write(dir.resolve("exif-rotated.jpg"), ImageBytes.withExifOrientation(jpeg, 6));
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.write(dir.resolve("huge-header.png"), ImageBytes.pngHeader(100_000, 100_000));
    }
}
