package io.pastiche.image;

import java.awt.image.BufferedImage;

/**
 * Less of the style: the pastiche blended with its photo, pixel by pixel, {@code (1 - strength) * photo + strength
 * * pastiche} on each of R, G and B (sRGB values, rounded). Strength 0 gives the photo, 1 the pastiche, and each
 * pixel moves along a straight line between the two as the strength grows, so the effect is smooth and monotone.
 * The pastiche's alpha is kept.
 */
public final class PixelBlend {

    private PixelBlend() {
    }

    /**
     * The blend, as a new image.
     *
     * @param photo    the image that was stylized
     * @param pastiche its stylized result, the same size
     * @param strength in [0, 1]: 0 the photo, 1 the pastiche
     * @return a new {@code TYPE_INT_RGB} image ({@code TYPE_INT_ARGB} if the pastiche has alpha, which it keeps)
     * @throws IllegalArgumentException if the sizes differ or the strength is not in [0, 1]
     */
    public static BufferedImage apply(BufferedImage photo, BufferedImage pastiche, double strength) {
        checkStrength(strength);
        return PhotoAndPastiche.map(photo, pastiche, PhotoAndPastiche.blankLike(pastiche),
                (a, b) -> blend(a, b, strength));
    }

    /**
     * The blend, written over the pastiche: no second image's memory.
     *
     * @param photo    the image that was stylized
     * @param pastiche its stylized result, the same size; overwritten, its alpha kept
     * @param strength in [0, 1]: 0 the photo, 1 the pastiche
     * @return {@code pastiche}
     * @throws IllegalArgumentException if the sizes differ or the strength is not in [0, 1]
     */
    public static BufferedImage applyInPlace(BufferedImage photo, BufferedImage pastiche, double strength) {
        checkStrength(strength);
        return PhotoAndPastiche.map(photo, pastiche, pastiche, (a, b) -> blend(a, b, strength));
    }

    /**
     * @throws IllegalArgumentException if the strength is not in [0, 1]
     */
    private static void checkStrength(double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("a style strength is in [0, 1] (0 the photo, 1 the pastiche), was "
                    + strength);
        }
    }

    /** Each channel of {@code a} moved {@code strength} of the way to {@code b}'s. */
    static int blend(int a, int b, double strength) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int from = a >> shift & 0xff;
            int to = b >> shift & 0xff;
            rgb |= (int) Math.round(from + strength * (to - from)) << shift;
        }
        return rgb;
    }
}
