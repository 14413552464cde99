package io.pastiche.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The EXIF orientation tag (1-8): how a camera's stored pixels must be turned to be shown upright. Phones store
 * portrait photos sideways with tag 6 or 8; javax.imageio ignores the tag.
 */
enum Orientation {
    NORMAL, MIRROR_HORIZONTAL, ROTATE_180, MIRROR_VERTICAL, TRANSPOSE, ROTATE_90_CW, TRANSVERSE, ROTATE_90_CCW;

    /** The orientation of an EXIF tag value; values outside 1-8 mean {@link #NORMAL}. */
    static Orientation ofExif(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : NORMAL;
    }

    private boolean swapsSides() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /** The image turned upright; the same image if nothing is to be done. Keeps the image's type. */
    BufferedImage apply(BufferedImage image) {
        if (this == NORMAL) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int outW = swapsSides() ? h : w;
        int outH = swapsSides() ? w : h;
        ColorModel model = image.getColorModel();
        WritableRaster target = model.createCompatibleWritableRaster(outW, outH);
        Raster source = image.getRaster();
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = source.getDataElements(x, y, pixel);
                switch (this) {
                    case MIRROR_HORIZONTAL -> target.setDataElements(w - 1 - x, y, pixel);
                    case ROTATE_180 -> target.setDataElements(w - 1 - x, h - 1 - y, pixel);
                    case MIRROR_VERTICAL -> target.setDataElements(x, h - 1 - y, pixel);
                    case TRANSPOSE -> target.setDataElements(y, x, pixel);
                    case ROTATE_90_CW -> target.setDataElements(h - 1 - y, x, pixel);
                    case TRANSVERSE -> target.setDataElements(h - 1 - y, w - 1 - x, pixel);
                    case ROTATE_90_CCW -> target.setDataElements(y, w - 1 - x, pixel);
                    default -> throw new AssertionError(this);
                }
            }
        }
        return new BufferedImage(model, target, model.isAlphaPremultiplied(), null);
    }
}
