package io.pastiche.image;

import java.awt.image.BufferedImage;
import java.util.function.IntBinaryOperator;

/** What the edits of a pastiche by its photo share: the size check and the walk over both, row by row. */
final class PhotoAndPastiche {

    private PhotoAndPastiche() {
    }

    /** An image to write a pastiche's edit into: its size, RGB, or ARGB if it has alpha. */
    static BufferedImage blankLike(BufferedImage pastiche) {
        return new BufferedImage(pastiche.getWidth(), pastiche.getHeight(),
                pastiche.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    }

    /**
     * Writes {@code pixel(photo, pastiche)} (RGB; the pastiche's alpha is kept) for every pixel into {@code target},
     * which may be the pastiche itself.
     *
     * @throws IllegalArgumentException if the photo and the pastiche differ in size
     */
    static BufferedImage map(BufferedImage photo, BufferedImage pastiche, BufferedImage target,
                             IntBinaryOperator pixel) {
        int width = photo.getWidth();
        if (pastiche.getWidth() != width || pastiche.getHeight() != photo.getHeight()) {
            throw new IllegalArgumentException("the pastiche is " + pastiche.getWidth() + "x" + pastiche.getHeight()
                    + " and the photo " + width + "x" + photo.getHeight()
                    + "; a pastiche is edited with the photo it was made from, at its size");
        }
        int[] from = new int[width];
        int[] to = new int[width];
        for (int y = 0; y < photo.getHeight(); y++) {
            photo.getRGB(0, y, width, 1, from, 0, width);
            pastiche.getRGB(0, y, width, 1, to, 0, width);
            for (int x = 0; x < width; x++) {
                to[x] = pixel.applyAsInt(from[x], to[x]) & 0xffffff | (to[x] & 0xff000000);
            }
            target.setRGB(0, y, width, 1, to, 0, width);
        }
        return target;
    }
}
