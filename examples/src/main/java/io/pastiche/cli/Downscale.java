package io.pastiche.cli;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * High-quality downscaling for {@code --max-size}. A single bilinear or bicubic step from a large image to a much
 * smaller one samples only a few source pixels per output pixel and aliases (jagged edges, moiré); halving
 * repeatedly with bilinear filtering (an exact 2x2 average at scale 1/2) and finishing with one bicubic step
 * averages every source pixel, at a fraction of the cost of area averaging.
 */
final class Downscale {

    private Downscale() {
    }

    /**
     * The image scaled so that its longest side is {@code maxSide}, keeping the aspect ratio; the image itself if
     * it is no larger. Alpha is kept.
     */
    static BufferedImage toFit(BufferedImage image, int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be >= 1, was " + maxSide);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int longest = Math.max(width, height);
        if (longest <= maxSide) {
            return image;
        }
        double scale = (double) maxSide / longest;
        int targetWidth = width >= height ? maxSide : Math.max(1, (int) Math.round(width * scale));
        int targetHeight = height > width ? maxSide : Math.max(1, (int) Math.round(height * scale));
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;

        BufferedImage current = image;
        int w = width;
        int h = height;
        while (w / 2 >= targetWidth && h / 2 >= targetHeight) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h, type, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (w != targetWidth || h != targetHeight) {
            current = draw(current, targetWidth, targetHeight, type, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, int type, Object interpolation) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
