package io.pastiche.image;

import java.awt.AlphaComposite;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Hashtable;
import java.util.Optional;

/**
 * High-quality downscaling, for large photos and for training crops. A single bilinear or bicubic step from a large image to a much
 * smaller one samples only a few source pixels per output pixel and aliases (jagged edges, moiré); halving
 * repeatedly with bilinear filtering (an exact 2x2 average at scale 1/2) and finishing with one bicubic step
 * averages every source pixel, at a fraction of the cost of area averaging.
 */
public final class Resize {

    /** The {@link BufferedImage#getProperty property} that {@link #toFit} sets to the size it scaled from. */
    private static final String ORIGINAL_SIZE = "pastiche.originalSize";

    private Resize() {
    }

    /**
     * The image scaled so that its longest side is {@code maxSide}, keeping the aspect ratio; the image itself if
     * it is no larger. Alpha is kept. A scaled image remembers the size it had ({@link #originalSize}).
     *
     * @param image   the image; not modified
     * @param maxSide the longest side wanted, in pixels, at least 1
     * @return {@code image} itself, or a new {@code TYPE_INT_ARGB} (with alpha) or {@code TYPE_INT_RGB} image
     * @throws IllegalArgumentException if {@code maxSide} is less than 1
     */
    public static BufferedImage toFit(BufferedImage image, int maxSide) {
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
        BufferedImage scaled = to(image, targetWidth, targetHeight);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ORIGINAL_SIZE, new Dimension(width, height));
        // The same pixels (the raster is shared, not copied), carrying the size they were scaled from.
        return new BufferedImage(scaled.getColorModel(), scaled.getRaster(), scaled.isAlphaPremultiplied(),
                properties);
    }

    /**
     * The size an image had before {@link #toFit} scaled it down, so that messages about the scaled image can
     * name the size of the file too; empty for an image that did not come from {@code toFit}.
     *
     * @param image any image
     * @return a copy of the width and height before scaling, or empty
     */
    public static Optional<Dimension> originalSize(BufferedImage image) {
        Object size = image.getProperty(ORIGINAL_SIZE);
        return size instanceof Dimension d ? Optional.of(new Dimension(d)) : Optional.empty();
    }

    /**
     * The image scaled so that its shortest side is {@code side}, keeping the aspect ratio, up or down; the
     * image itself if it already is. Training resizes photos this way before cropping.
     *
     * @param image the image; not modified
     * @param side  the shortest side wanted, in pixels, at least 1; the other side is at least as long
     * @return {@code image} itself, or a new {@code TYPE_INT_ARGB} (with alpha) or {@code TYPE_INT_RGB} image
     * @throws IllegalArgumentException if {@code side} is less than 1
     */
    public static BufferedImage shortestSideTo(BufferedImage image, int side) {
        if (side < 1) {
            throw new IllegalArgumentException("side must be >= 1, was " + side);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        double scale = (double) side / Math.min(width, height);
        int targetWidth = width <= height ? side : Math.max(side, (int) Math.round(width * scale));
        int targetHeight = height < width ? side : Math.max(side, (int) Math.round(height * scale));
        return targetWidth == width && targetHeight == height ? image : to(image, targetWidth, targetHeight);
    }

    /**
     * The image scaled to exactly the given size: halvings while it is at least twice as large, then bicubic.
     * Meant for downscaling; upscaling is one bicubic step.
     *
     * @param image        the image; not modified
     * @param targetWidth  the width wanted, in pixels, at least 1
     * @param targetHeight the height wanted, in pixels, at least 1
     * @return {@code image} itself if it has that size already, else a new {@code TYPE_INT_ARGB} (with alpha) or
     *         {@code TYPE_INT_RGB} image
     * @throws IllegalArgumentException if a target side is less than 1
     */
    public static BufferedImage to(BufferedImage image, int targetWidth, int targetHeight) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage current = image;
        int w = image.getWidth();
        int h = image.getHeight();
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
