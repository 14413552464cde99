package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bulk rotation gives, pixel for pixel and type for type, what the definition of each EXIF value says. */
class OrientationTest {

    private static final int[] TYPES = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
        BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY};

    private static BufferedImage noise(int type, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < raster.getNumBands(); b++) {
                    int bits = raster.getSampleModel().getSampleSize(b);
                    raster.setSample(x, y, b, random.nextInt(1 << Math.min(bits, 30)));
                }
            }
        }
        return image;
    }

    /** The definition, pixel by pixel: where source pixel (x, y) goes. */
    private static BufferedImage reference(Orientation orientation, BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = orientation.ordinal() >= Orientation.TRANSPOSE.ordinal();
        ColorModel model = image.getColorModel();
        WritableRaster target = model.createCompatibleWritableRaster(swaps ? h : w, swaps ? w : h);
        Raster source = image.getRaster();
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = source.getDataElements(x, y, pixel);
                switch (orientation) {
                    case NORMAL -> target.setDataElements(x, y, pixel);
                    case MIRROR_HORIZONTAL -> target.setDataElements(w - 1 - x, y, pixel);
                    case ROTATE_180 -> target.setDataElements(w - 1 - x, h - 1 - y, pixel);
                    case MIRROR_VERTICAL -> target.setDataElements(x, h - 1 - y, pixel);
                    case TRANSPOSE -> target.setDataElements(y, x, pixel);
                    case ROTATE_90_CW -> target.setDataElements(h - 1 - y, x, pixel);
                    case TRANSVERSE -> target.setDataElements(h - 1 - y, w - 1 - x, pixel);
                    case ROTATE_90_CCW -> target.setDataElements(y, w - 1 - x, pixel);
                }
            }
        }
        return new BufferedImage(model, target, model.isAlphaPremultiplied(), null);
    }

    @ParameterizedTest
    @EnumSource(Orientation.class)
    void everyOrientationOfEveryTypeMatchesTheDefinition(Orientation orientation) {
        for (int type : TYPES) {
            BufferedImage image = noise(type, 37, 23, type);
            BufferedImage turned = orientation.apply(image);
            BufferedImage expected = reference(orientation, image);
            assertThat(turned.getType()).as("type %d", type).isEqualTo(type);
            assertThat(turned.getWidth()).isEqualTo(expected.getWidth());
            assertThat(turned.getHeight()).isEqualTo(expected.getHeight());
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    Object a = turned.getRaster().getDataElements(x, y, null);
                    Object b = expected.getRaster().getDataElements(x, y, null);
                    assertThat(a).as("type %d at %d,%d", type, x, y).isEqualTo(b);
                }
            }
        }
    }
}
