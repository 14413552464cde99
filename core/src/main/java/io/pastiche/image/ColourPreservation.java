package io.pastiche.image;

import java.awt.image.BufferedImage;

/**
 * A pastiche with the photo's own colours: the pastiche's brushwork and light, the photo's hues (the
 * "luminance-only transfer" of Gatys et al., "Controlling Perceptual Factors in Neural Style Transfer", CVPR 2017).
 *
 * <p>Each pixel keeps the photo's chroma (the Cb and Cr of BT.601 YCbCr, on the sRGB values) and takes the
 * pastiche's luma {@code Y = 0.299 R + 0.587 G + 0.114 B}. Since Cb and Cr are scaled differences {@code B - Y} and
 * {@code R - Y}, that is the photo's pixel plus the difference of the two lumas on all three channels, clamped to
 * 0..255 (clamping only where the photo's colour cannot be that light or dark). A grey photo gives a grey result.
 *
 * <p>It works on any pastiche the same size as its photo: a plain, mixed or tiled result alike.
 */
public final class ColourPreservation {

    private ColourPreservation() {
    }

    /**
     * The pastiche with the photo's colours, as a new image of the pastiche's size and alpha.
     *
     * @param photo    the image that was stylized
     * @param pastiche its stylized result, the same size
     * @return a new {@code TYPE_INT_RGB} image ({@code TYPE_INT_ARGB} if the pastiche has alpha, which it keeps)
     * @throws IllegalArgumentException if the sizes differ
     */
    public static BufferedImage apply(BufferedImage photo, BufferedImage pastiche) {
        return PhotoAndPastiche.map(photo, pastiche, PhotoAndPastiche.blankLike(pastiche),
                ColourPreservation::keepColour);
    }

    /**
     * Gives the pastiche the photo's colours in place, without a second image's memory (a 16384 x 12288 result is
     * 768 MiB).
     *
     * @param photo    the image that was stylized
     * @param pastiche its stylized result, the same size; overwritten, its alpha kept
     * @return {@code pastiche}
     * @throws IllegalArgumentException if the sizes differ
     */
    public static BufferedImage applyInPlace(BufferedImage photo, BufferedImage pastiche) {
        return PhotoAndPastiche.map(photo, pastiche, pastiche, ColourPreservation::keepColour);
    }

    /** The photo's pixel at the pastiche's luma. */
    private static int keepColour(int photo, int pastiche) {
        return withLuma(photo, luma(pastiche));
    }

    /** BT.601 luma of an ARGB pixel, 0..255. */
    static double luma(int argb) {
        return 0.299 * (argb >> 16 & 0xff) + 0.587 * (argb >> 8 & 0xff) + 0.114 * (argb & 0xff);
    }

    /** The pixel's colour (Cb, Cr) at another luma, as RGB without alpha. */
    static int withLuma(int argb, double luma) {
        double shift = luma - luma(argb);
        return channel((argb >> 16 & 0xff) + shift) << 16 | channel((argb >> 8 & 0xff) + shift) << 8
                | channel((argb & 0xff) + shift);
    }

    private static int channel(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
