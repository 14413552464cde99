package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Mirror padding of the two spatial axes of an NCHW map, which DJL does not offer (its {@code pad} is constant
 * only): a constant pad makes the padded map in one copy, then the borders are overwritten with mirrored copies of
 * the edge columns, then of the edge rows (over the full padded width, which fills the corners). Only the borders
 * are copied twice.
 *
 * <p>Two modes, as TensorFlow's {@code MirrorPad}: {@code REFLECT} mirrors around the edge pixel without
 * repeating it ({@code [2 1 | 0 1 2 3 | 2 1]}, PyTorch's {@code reflect}, the network's padding); {@code SYMMETRIC}
 * repeats it ({@code [1 0 | 0 1 2 3 | 3 2]}); by one pixel that is edge replication, which
 * {@link UpsampleConvolution} needs.
 *
 * <p>It replaced a {@code torch.gather} over the flattened pixels with an int64 index made in Java per call (8
 * bytes of index read per value, and at 1024 x 1024 an 8 MB index built and copied for every layer). It is
 * differentiable: the constant pad, the slices and flips, and the in-place copies into the padded map's borders
 * all back-propagate, the border gradients flowing back to the edge pixels they were copied from.
 */
final class MirrorPad {

    /** How the border mirrors the image. */
    enum Mode {
        /** Around the edge pixel, not repeating it: {@code -1 -> 1}. */
        REFLECT(1),
        /** Repeating the edge pixel: {@code -1 -> 0}. */
        SYMMETRIC(0);

        /** The distance of the first mirrored pixel from the edge. */
        private final int skip;

        Mode(int skip) {
            this.skip = skip;
        }
    }

    private MirrorPad() {
    }

    /**
     * @param x       NCHW
     * @param padding on each side of both spatial axes; at most the side minus one ({@code REFLECT}) or the side
     *                ({@code SYMMETRIC})
     * @return NCHW of size {@code H + 2p, W + 2p}, attached to {@code x}'s manager; {@code x} itself for padding 0
     */
    static NDArray apply(NDArray x, int padding, Mode mode) {
        if (padding == 0) {
            return x;
        }
        Shape shape = x.getShape();
        long height = shape.get(2);
        long width = shape.get(3);
        if (padding + mode.skip > Math.min(height, width)) {
            throw new IllegalArgumentException(mode + " padding " + padding + " needs a side of at least "
                    + (padding + mode.skip) + ", got " + height + "x" + width);
        }
        int p = padding;
        int s = mode.skip;
        NDArray padded = x.pad(new Shape(p, p, p, p), 0);
        // Columns, on the image's rows: left border from columns s .. s + p - 1, right from W - p - s .. W - 1 - s.
        padded.set(new NDIndex(":, :, {}:{}, 0:{}", p, p + height, p),
                x.get(new NDIndex(":, :, :, {}:{}", s, s + p)).flip(3));
        padded.set(new NDIndex(":, :, {}:{}, {}:", p, p + height, p + width),
                x.get(new NDIndex(":, :, :, {}:{}", width - p - s, width - s)).flip(3));
        // Rows, over the full padded width, from the padded map itself so that the corners are mirrored too.
        padded.set(new NDIndex(":, :, 0:{}, :", p),
                padded.get(new NDIndex(":, :, {}:{}, :", p + s, 2 * p + s)).flip(2));
        padded.set(new NDIndex(":, :, {}:, :", p + height),
                padded.get(new NDIndex(":, :, {}:{}, :", height - s, height + p - s)).flip(2));
        return padded;
    }
}
