package io.pastiche.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Hashtable;

/**
 * The EXIF orientation tag (1-8): how a camera's stored pixels must be turned to be shown upright. Phones store
 * portrait photos sideways with tag 6 or 8; javax.imageio ignores the tag.
 */
enum Orientation {
    NORMAL, MIRROR_HORIZONTAL, ROTATE_180, MIRROR_VERTICAL, TRANSPOSE, ROTATE_90_CW, TRANSVERSE, ROTATE_90_CCW;

    /** Source rows moved together when the sides swap: a band of them stays in cache while it is spread out. */
    private static final int BAND = 32;

    /** The orientation of an EXIF tag value; values outside 1-8 mean {@link #NORMAL}. */
    static Orientation ofExif(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : NORMAL;
    }

    private boolean swapsSides() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /**
     * The image turned upright; the same image if nothing is to be done. Keeps the image's type.
     *
     * <p>Pixels move as arrays of data elements, not one by one: whole rows for the mirrors and 180 degrees, and
     * for the turns that swap the sides, bands of {@value #BAND} source rows, each source column of the band
     * becoming one run of a target row. A 12-megapixel photo turns in tens of milliseconds, not hundreds.
     */
    BufferedImage apply(BufferedImage image) {
        if (this == NORMAL) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        Raster source = image.getRaster();
        // A raster like the source's, of the turned size: same sample model, so the type is kept (a colour
        // model's own compatible raster would lose, for example, TYPE_3BYTE_BGR's band order).
        WritableRaster target = source.createCompatibleWritableRaster(swapsSides() ? h : w, swapsSides() ? w : h);
        Object from = PixelArrays.packed(source);
        Object to = PixelArrays.packed(target);
        if (from != null && to != null) {
            // The types ImageFiles.read returns: the pixels are one array, row after row, moved directly.
            turnPacked(from, to, w, h, source.getNumDataElements());
        } else if (swapsSides()) {
            turn(source, target);
        } else {
            flip(source, target);
        }
        ColorModel model = image.getColorModel();
        return new BufferedImage(model, target, model.isAlphaPremultiplied(), new Hashtable<>());
    }

    /**
     * Moves every pixel of a packed {@code w x h} array to where this orientation puts it, in tiles, so that both
     * arrays are walked through the cache in small squares rather than whole columns. Along a source row the
     * target index moves by a constant step, which keeps the inner loops plain array copies.
     */
    private void turnPacked(Object from, Object to, int w, int h, int elements) {
        int step = targetIndex(1, 0, w, h) - targetIndex(0, 0, w, h);
        for (int y0 = 0; y0 < h; y0 += BAND) {
            int y1 = Math.min(h, y0 + BAND);
            for (int x0 = 0; x0 < w; x0 += BAND) {
                int x1 = Math.min(w, x0 + BAND);
                for (int y = y0; y < y1; y++) {
                    int first = targetIndex(x0, y, w, h);
                    PixelArrays.copyRun(from, y * w + x0, to, first, step, x1 - x0, elements);
                }
            }
        }
    }

    /** Where pixel (x, y) of a {@code w x h} image goes, as an index into the packed target. */
    private int targetIndex(int x, int y, int w, int h) {
        return switch (this) {
            case NORMAL -> y * w + x;
            case MIRROR_HORIZONTAL -> y * w + (w - 1 - x);
            case ROTATE_180 -> (h - 1 - y) * w + (w - 1 - x);
            case MIRROR_VERTICAL -> (h - 1 - y) * w + x;
            case TRANSPOSE -> x * h + y;
            case ROTATE_90_CW -> x * h + (h - 1 - y);
            case TRANSVERSE -> (w - 1 - x) * h + (h - 1 - y);
            case ROTATE_90_CCW -> (w - 1 - x) * h + y;
        };
    }

    private void flip(Raster source, WritableRaster target) {
        int w = source.getWidth();
        int h = source.getHeight();
        int elements = source.getNumDataElements();
        Object row = null;
        for (int y = 0; y < h; y++) {
            row = source.getDataElements(0, y, w, 1, row);
            if (this != MIRROR_VERTICAL) {
                PixelArrays.reverse(row, w, elements);
            }
            target.setDataElements(0, this == MIRROR_HORIZONTAL ? y : h - 1 - y, w, 1, row);
        }
    }

    private void turn(Raster source, WritableRaster target) {
        int w = source.getWidth();
        int h = source.getHeight();
        int elements = source.getNumDataElements();
        // Source (x, y) goes to target column y (TRANSPOSE, ROTATE_90_CCW) or h - 1 - y (the other two), and to
        // target row x (TRANSPOSE, ROTATE_90_CW) or w - 1 - x (the other two).
        boolean columnsReversed = this == ROTATE_90_CW || this == TRANSVERSE;
        boolean rowsReversed = this == TRANSVERSE || this == ROTATE_90_CCW;
        Object band = null;
        Object run = null;
        for (int y0 = 0; y0 < h; y0 += BAND) {
            int rows = Math.min(BAND, h - y0);
            band = source.getDataElements(0, y0, w, rows, PixelArrays.sized(band, w * rows * elements));
            run = PixelArrays.sized(run == null ? band : run, rows * elements);
            int column = columnsReversed ? h - y0 - rows : y0;
            for (int x = 0; x < w; x++) {
                PixelArrays.gatherColumn(band, w, x, rows, elements, columnsReversed, run);
                target.setDataElements(column, rowsReversed ? w - 1 - x : x, rows, 1, run);
            }
        }
    }
}
