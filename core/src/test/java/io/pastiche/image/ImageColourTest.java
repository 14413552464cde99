package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every image is read as sRGB (or plain grey) in a type pastiche writes: CMYK and YCCK JPEGs through a CMYK
 * profile, ICC-tagged images through their profile, and the unusual types of PNG (16 bits, grey with alpha,
 * palettes) converted without shifting their values.
 */
class ImageColourTest {

    /** The types {@link ImageFiles#read} returns, all of which ImageIO writes as PNG and (without alpha) JPEG. */
    private static final Set<Integer> WRITABLE = Set.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY);

    private static final int[] RED_INK = {0, 255, 255, 0};     // magenta and yellow: a print red
    private static final int[] NO_INK = {0, 0, 0, 0};          // the paper: white
    private static final int[] BLACK_INK = {0, 0, 0, 255};

    @TempDir
    Path dir;

    private BufferedImage readAndRewrite(String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        BufferedImage image = ImageFiles.read(file);
        assertThat(WRITABLE).as("type of %s", name).contains(image.getType());
        ImageFiles.write(image, dir.resolve(name + ".png"));
        ImageFiles.write(image, dir.resolve(name + ".jpg"));
        assertThat(ImageIO.read(dir.resolve(name + ".png").toFile()).getRGB(3, 3)).isEqualTo(image.getRGB(3, 3));
        return image;
    }

    private static void assertColour(int rgb, int red, int green, int blue, int tolerance) {
        int[] actual = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        assertThat(actual[0]).as("red of %06x", rgb & 0xffffff).isCloseTo(red, org.assertj.core.api.Assertions.within(tolerance));
        assertThat(actual[1]).as("green of %06x", rgb & 0xffffff).isCloseTo(green, org.assertj.core.api.Assertions.within(tolerance));
        assertThat(actual[2]).as("blue of %06x", rgb & 0xffffff).isCloseTo(blue, org.assertj.core.api.Assertions.within(tolerance));
    }

    @Test
    void cmykJpegsComeOutInTheirColours() throws IOException {
        BufferedImage image = readAndRewrite("cmyk.jpg", PrintJpegs.cmyk(RED_INK, NO_INK));
        // Press red is about (237, 28, 36) in sRGB, with a generic profile a little purer: red within 40.
        assertColour(image.getRGB(3, 3), 237, 28, 36, 40);
        assertColour(image.getRGB(12, 3), 255, 255, 255, 12);
        BufferedImage black = readAndRewrite("k.jpg", PrintJpegs.cmyk(BLACK_INK, NO_INK));
        assertColour(black.getRGB(3, 3), 35, 31, 32, 40);
    }

    @Test
    void ycckJpegsComeOutInTheirColours() throws IOException {
        BufferedImage image = readAndRewrite("ycck.jpg", PrintJpegs.ycck(RED_INK, NO_INK));
        assertColour(image.getRGB(3, 3), 237, 28, 36, 40);
        assertColour(image.getRGB(12, 3), 255, 255, 255, 12);
    }

    @Test
    void iccTaggedJpegsAreConvertedThroughTheirProfile() throws IOException {
        BufferedImage image = readAndRewrite("linear.jpg", PrintJpegs.linearRgb(0x808080, 0x204080));
        // Linear 0.5 is sRGB 188; (32, 64, 128) linear is about (99, 137, 188) in sRGB.
        assertColour(image.getRGB(3, 3), 188, 188, 188, 6);
        assertColour(image.getRGB(12, 3), 99, 137, 188, 6);
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).isTrue();
        return out.toByteArray();
    }

    /** A PNG of 16-bit samples: {@code channels} 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA). */
    private static BufferedImage sixteenBit(int channels, int[] samples) {
        boolean alpha = channels == 2 || channels == 4;
        ColorSpace space = ColorSpace.getInstance(channels < 3 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(space, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(8, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setPixel(x, y, samples);
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    @Test
    void unusualPngTypesReadAsTypesPasticheWrites() throws IOException {
        BufferedImage rgb16 = readAndRewrite("rgb16.png", png(sixteenBit(3, new int[] {0xffff, 0x8080, 0})));
        assertColour(rgb16.getRGB(3, 3), 255, 128, 0, 1);
        BufferedImage rgba16 = readAndRewrite("rgba16.png", png(sixteenBit(4, new int[] {0, 0xffff, 0, 0x8080})));
        assertThat(rgba16.getRGB(3, 3) >>> 24).isEqualTo(128);
        assertColour(rgba16.getRGB(3, 3), 0, 255, 0, 1);
        // Grey is kept as the stored value, not passed through a gamma conversion (128 stays 128).
        BufferedImage grey16 = readAndRewrite("grey16.png", png(sixteenBit(1, new int[] {0x8080})));
        assertThat(grey16.getRaster().getSample(3, 3, 0)).isEqualTo(128);
        BufferedImage greyAlpha = readAndRewrite("grey-alpha.png", png(sixteenBit(2, new int[] {0x8080, 0xffff})));
        assertColour(greyAlpha.getRGB(3, 3), 128, 128, 128, 0);
        BufferedImage palette = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY);
        palette.setRGB(3, 3, 0xffffff);
        assertColour(readAndRewrite("binary.png", png(palette)).getRGB(3, 3), 255, 255, 255, 0);
        BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.setRGB(3, 3, 0xff0000);
        assertColour(readAndRewrite("indexed.png", png(indexed)).getRGB(3, 3), 255, 0, 0, 0);
    }

    @Test
    void imagesInOtherColourSpacesAreConvertedToSrgb() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(4, 4);
        raster.setPixel(1, 1, new int[] {128, 128, 128});
        BufferedImage linear = new BufferedImage(model, raster, false, null);
        BufferedImage srgb = ImageColours.toStandard(linear);
        assertThat(srgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertColour(srgb.getRGB(1, 1), 188, 188, 188, 2);
        BufferedImage plain = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        assertThat(ImageColours.toStandard(plain)).isSameAs(plain);
    }

    /** Fixtures written by make-webp-fixtures.py beside them (cwebp): left half red, right half blue. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"red-blue-lossless.webp", "red-blue-lossy.webp"})
    void webpIsRead(String fixture) throws IOException {
        byte[] webp;
        try (var in = getClass().getResourceAsStream(fixture)) {
            webp = in.readAllBytes();
        }
        BufferedImage image = readAndRewrite(fixture, webp);
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(image.getHeight()).isEqualTo(8);
        assertColour(image.getRGB(2, 4), 255, 0, 0, 24);
        assertColour(image.getRGB(13, 4), 0, 0, 255, 24);
    }
}
