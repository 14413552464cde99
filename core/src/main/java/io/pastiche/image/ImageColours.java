package io.pastiche.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Set;

/**
 * Brings a decoded image to sRGB (or plain grey) in one of the few types pastiche reads and writes, so that
 * colours are right and every image read can be written. Images in another colour space (an ICC profile, CMYK)
 * go through {@link ColorConvertOp}; grey is rescaled from its samples, never through a colour conversion, which
 * would shift it (Java's grey space is linear); the rest (16-bit, palettes, 1-bit) through {@code getRGB}.
 */
final class ImageColours {

    /** ImageIO writes each of these as PNG, and JPEG once alpha is dropped. */
    private static final Set<Integer> STANDARD = Set.of(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY);

    private ImageColours() {
    }

    /**
     * The image itself if it is sRGB or grey of a standard type; otherwise a {@code TYPE_INT_RGB} or (with alpha)
     * {@code TYPE_INT_ARGB} copy in sRGB, or a {@code TYPE_BYTE_GRAY} copy for grey without alpha.
     */
    static BufferedImage toStandard(BufferedImage image) {
        ColorModel model = image.getColorModel();
        ColorSpace space = model.getColorSpace();
        boolean grey = space.getType() == ColorSpace.TYPE_GRAY && model instanceof ComponentColorModel;
        if (!space.isCS_sRGB() && !grey) {
            return converted(image);
        }
        if (STANDARD.contains(image.getType())) {
            return image;
        }
        if (grey) {
            return model.hasAlpha() ? greyWithAlpha(image.getRaster()) : grey8(image.getRaster());
        }
        return throughRgb(image);
    }

    private static BufferedImage converted(BufferedImage image) {
        BufferedImage target = blank(image);
        new ColorConvertOp(null).filter(image, target);
        return target;
    }

    private static BufferedImage blank(BufferedImage like) {
        return new BufferedImage(like.getWidth(), like.getHeight(),
                like.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    }

    /** sRGB of another layout: getRGB is exact for sRGB models, palettes included. */
    private static BufferedImage throughRgb(BufferedImage image) {
        BufferedImage target = blank(image);
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            target.setRGB(0, y, width, 1, row, 0, width);
        }
        return target;
    }

    private static BufferedImage grey8(Raster raster) {
        BufferedImage target = new BufferedImage(raster.getWidth(), raster.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster out = target.getRaster();
        int width = raster.getWidth();
        int bits = raster.getSampleModel().getSampleSize(0);
        int[] row = new int[width];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                row[x] = to8Bits(row[x], bits);
            }
            out.setSamples(0, y, width, 1, 0, row);
        }
        return target;
    }

    private static BufferedImage greyWithAlpha(Raster raster) {
        BufferedImage target = new BufferedImage(raster.getWidth(), raster.getHeight(), BufferedImage.TYPE_INT_ARGB);
        int width = raster.getWidth();
        int greyBits = raster.getSampleModel().getSampleSize(0);
        int alphaBits = raster.getSampleModel().getSampleSize(1);
        int[] grey = new int[width];
        int[] alpha = new int[width];
        int[] argb = new int[width];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(0, y, width, 1, 0, grey);
            raster.getSamples(0, y, width, 1, 1, alpha);
            for (int x = 0; x < width; x++) {
                int v = to8Bits(grey[x], greyBits);
                argb[x] = to8Bits(alpha[x], alphaBits) << 24 | v << 16 | v << 8 | v;
            }
            target.setRGB(0, y, width, 1, argb, 0, width);
        }
        return target;
    }

    /** A sample of {@code bits} bits scaled to 8 bits, rounding to nearest. */
    private static int to8Bits(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        long max = (1L << bits) - 1;
        return (int) ((sample * 255L + max / 2) / max);
    }
}
