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
        checkSizes(photo, pastiche);
        BufferedImage result = new BufferedImage(pastiche.getWidth(), pastiche.getHeight(),
                pastiche.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        return transfer(photo, pastiche, result);
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
        checkSizes(photo, pastiche);
        return transfer(photo, pastiche, pastiche);
    }

    private static void checkSizes(BufferedImage photo, BufferedImage pastiche) {
        if (pastiche.getWidth() != photo.getWidth() || pastiche.getHeight() != photo.getHeight()) {
            throw new IllegalArgumentException("the pastiche is " + pastiche.getWidth() + "x" + pastiche.getHeight()
                    + " and the photo " + photo.getWidth() + "x" + photo.getHeight()
                    + "; colours are kept from the photo it was made from, at its size");
        }
    }

    /** Row by row: the photo's colour at the pastiche's luma, with the pastiche's alpha, into {@code target}. */
    private static BufferedImage transfer(BufferedImage photo, BufferedImage pastiche, BufferedImage target) {
        int width = photo.getWidth();
        int height = photo.getHeight();
        int[] from = new int[width];
        int[] to = new int[width];
        for (int y = 0; y < height; y++) {
            photo.getRGB(0, y, width, 1, from, 0, width);
            pastiche.getRGB(0, y, width, 1, to, 0, width);
            for (int x = 0; x < width; x++) {
                to[x] = withLuma(from[x], luma(to[x])) | (to[x] & 0xff000000);
            }
            target.setRGB(0, y, width, 1, to, 0, width);
        }
        return target;
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
