package io.pastiche.image;

import java.awt.image.BufferedImage;

/**
 * Larger brush strokes on large pictures: stylize the photo at a reduced size ({@link #reduce}), where the
 * network's strokes cover more of it, then bring the pastiche back to the photo's size with the photo's own detail
 * ({@link #enlarge}). The network paints strokes of the size it was trained at (its training crops were 256
 * pixels), so on a 4000-pixel photo they shrink to fine texture; at a brush scale of {@code s} they are {@code s}
 * times larger.
 *
 * <p>The way back is a detail transfer: the pastiche enlarged (bicubic), plus on each of R, G and B the luma
 * detail the reduction took from the photo ({@code photo - enlarge(reduce(photo))}), clamped. The strokes keep
 * their size and colours and the photo's edges come back sharp. The guided filter's upsampling (He and Sun, 2015)
 * was tried first and rejected by looking at the pictures: it fits the pastiche locally as a function of the
 * photo's luma, and the strokes, which do not follow the luma, were smoothed away. The photo's alpha is kept.
 */
public final class BrushScale {

    private BrushScale() {
    }

    /**
     * The photo at the size to stylize for a brush scale: each side divided by {@code brushScale} and rounded (at
     * least 1 pixel), high quality ({@link Resize#to}).
     *
     * @param photo      the photo
     * @param brushScale at least 1; 1 returns the photo itself
     * @return the reduced photo
     * @throws IllegalArgumentException if the scale is below 1 or not finite
     */
    public static BufferedImage reduce(BufferedImage photo, double brushScale) {
        if (!(brushScale >= 1) || Double.isInfinite(brushScale)) {
            throw new IllegalArgumentException("a brush scale is at least 1 (the network's own strokes), was "
                    + brushScale);
        }
        int width = Math.max(1, (int) Math.round(photo.getWidth() / brushScale));
        int height = Math.max(1, (int) Math.round(photo.getHeight() / brushScale));
        return Resize.to(photo, width, height);
    }

    /**
     * The pastiche of a reduced photo brought back to the photo's size with the photo's detail.
     *
     * @param photo    the full-size photo
     * @param pastiche the pastiche of {@link #reduce reduce(photo, scale)}, at that size
     * @return a new {@code TYPE_INT_RGB} image of the photo's size ({@code TYPE_INT_ARGB} with the photo's alpha if
     *         it has one)
     * @throws IllegalArgumentException if the pastiche is larger than the photo
     */
    public static BufferedImage enlarge(BufferedImage photo, BufferedImage pastiche) {
        int width = photo.getWidth();
        int height = photo.getHeight();
        int w = pastiche.getWidth();
        int h = pastiche.getHeight();
        if (w > width || h > height) {
            throw new IllegalArgumentException("the pastiche (" + w + "x" + h + ") is larger than the photo ("
                    + width + "x" + height + "); it should be of the reduced photo");
        }
        // the photo through the same reduction and enlargement as the pastiche: what the photo lost is its detail
        BufferedImage enlarged = Resize.to(pastiche, width, height);
        BufferedImage blurred = Resize.to(Resize.to(photo, w, h), width, height);
        boolean alpha = photo.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        int[] paint = new int[width];
        int[] blur = new int[width];
        for (int y = 0; y < height; y++) {
            photo.getRGB(0, y, width, 1, row, 0, width);
            enlarged.getRGB(0, y, width, 1, paint, 0, width);
            blurred.getRGB(0, y, width, 1, blur, 0, width);
            for (int x = 0; x < width; x++) {
                float detail = (luma(row[x]) - luma(blur[x])) * 255f;
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int v = Math.round(((paint[x] >> shift) & 0xFF) + detail);
                    rgb |= Math.max(0, Math.min(255, v)) << shift;
                }
                row[x] = alpha ? (row[x] & 0xFF000000) | rgb : rgb;
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    /** BT.601 luma in [0, 1], as {@link ColourPreservation} uses. */
    private static float luma(int rgb) {
        return (0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF) + 0.114f * (rgb & 0xFF)) / 255f;
    }
}
