package io.pastiche.nd4j;

import io.pastiche.tensor.ChannelsLastPad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Nearest-neighbour upsampling and reflect padding of NCHW or NHWC maps ({@link Layout}; the backward passes NCHW), and their backward passes, all as copies and
 * sums of strided views: ND4J's own ops were many times slower here, and its SameDiff gradient of a reflect
 * {@code pad} slices the centre out, dropping what the reflected border contributes.
 */
final class PadAndResize {

    private PadAndResize() {
    }

    /** Upsamples by {@code factor} (1: none), then reflect-pads by {@code padding}; registers what it makes. */
    static INDArray forward(INDArray x, int factor, int padding, Arena arena) {
        return forward(x, factor, padding, arena, Layout.NCHW);
    }

    /** The same for a map in {@code layout}. */
    static INDArray forward(INDArray x, int factor, int padding, Arena arena, Layout layout) {
        INDArray up = factor > 1 ? arena.add(upsample(x, factor, layout)) : x;
        if (padding == 0) {
            return up;
        }
        INDArray padded = arena.add(reflectPad(up, padding, layout));
        if (up != x) {
            arena.free(up);
        }
        return padded;
    }

    /**
     * Nearest-neighbour upsampling as {@code factor^2} strided copies into the {@code [B, C, H, f, W, f]} view of
     * the output: ND4J's {@code upsampling2d} took 20 ms for 64 channels at 128 x 128 here, this about a tenth.
     */
    static INDArray upsample(INDArray x, int factor, Layout layout) {
        long[] s = x.shape();
        long h = layout.height(x);
        long w = layout.width(x);
        long c = layout.channels(x);
        INDArray out = Nd4j.createUninitialized(x.dataType(), layout.shape(s[0], c, h * factor, w * factor));
        // [B, C, H, f, W, f] or [B, H, f, W, f, C]: each (a, b) a strided view shaped like x
        int at = layout.heightAxis;
        long[] blockShape = layout == Layout.NCHW ? new long[] {s[0], c, h, factor, w, factor}
                : new long[] {s[0], h, factor, w, factor, c};
        INDArray blocks = out.reshape('c', blockShape);
        for (int a = 0; a < factor; a++) {
            for (int b = 0; b < factor; b++) {
                org.nd4j.linalg.indexing.INDArrayIndex[] index = new org.nd4j.linalg.indexing.INDArrayIndex[6];
                java.util.Arrays.fill(index, NDArrayIndex.all());
                index[at + 1] = NDArrayIndex.point(a);
                index[at + 3] = NDArrayIndex.point(b);
                blocks.get(index).assign(x);
            }
        }
        return out;
    }

    /**
     * Reflect padding as copies: the centre, then each border column from the column it mirrors, then each border
     * row (whole padded rows, so the corners follow). ND4J's {@code pad} in REFLECT mode took 75 ms for 128
     * channels at 64 x 64 here (the convolution after it 14 ms); this takes a few.
     */
    static INDArray reflectPad(INDArray x, int p, Layout layout) {
        return pad(x, p, true, layout);
    }

    /**
     * Edge padding as copies, in the order of {@link #reflectPad}: every border column and row repeats the edge
     * of the map. At the input's resolution, this is reflect padding by 1 of the map upsampled x2
     * ({@link UpsampleConv}).
     */
    static INDArray replicatePad(INDArray x, int p, Layout layout) {
        return pad(x, p, false, layout);
    }

    /** Border column or row {@code r} (0 outermost) copies the one it mirrors, or the edge itself. */
    private static INDArray pad(INDArray x, int p, boolean reflect, Layout layout) {
        long h = layout.height(x);
        long w = layout.width(x);
        int rows = layout.heightAxis;
        INDArray out = Nd4j.createUninitialized(x.dataType(), layout.shape(x.size(0), layout.channels(x), h + 2 * p,
                w + 2 * p));
        if (layout == Layout.NHWC && Arrays4.isContiguous(x)) {
            // channels-last maps live on the host: one Java pass, where the copies below are a dozen ND4J operations
            ChannelsLastPad.pad(Arrays4.hostFloats(x), Math.toIntExact(x.offset()), Math.toIntExact(x.size(0)),
                    Math.toIntExact(h), Math.toIntExact(w), Math.toIntExact(x.size(3)), p,
                    reflect ? ChannelsLastPad.Mode.REFLECT : ChannelsLastPad.Mode.EDGE, Arrays4.hostFloats(out),
                    Math.toIntExact(out.offset()));
            return out;
        }
        out.get(range(rows, p, p + h, rows + 1, p, p + w)).assign(x);
        for (int r = 0; r < p; r++) {
            column(out, rows, p, h, r).assign(column(out, rows, p, h, reflect ? 2L * p - r : p));
            column(out, rows, p, h, p + w + r).assign(column(out, rows, p, h, reflect ? p + w - 2 - r : p + w - 1));
        }
        for (int r = 0; r < p; r++) {
            out.get(point(rows, r)).assign(out.get(point(rows, reflect ? 2L * p - r : p)));
            out.get(point(rows, p + h + r)).assign(out.get(point(rows, reflect ? p + h - 2 - r : p + h - 1)));
        }
        return out;
    }

    /** Column {@code c} of the padded map, over the rows of the original. */
    private static INDArray column(INDArray out, int rows, int p, long h, long c) {
        return out.get(range(rows, p, p + h, rows + 1, c, c + 1));
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] range(int axisA, long fromA, long toA, int axisB,
                                                                  long fromB, long toB) {
        org.nd4j.linalg.indexing.INDArrayIndex[] index = all();
        index[axisA] = NDArrayIndex.interval(fromA, toA);
        index[axisB] = NDArrayIndex.interval(fromB, toB);
        return index;
    }

    /** d/d x for the gradient {@code grad} of the padded, upsampled map. */
    static INDArray backward(INDArray grad, int factor, int padding, Arena arena) {
        INDArray g = grad;
        if (padding > 0) {
            INDArray columns = arena.add(unpad(grad, 3, padding));
            g = arena.add(unpad(columns, 2, padding));
            arena.free(columns);
        }
        if (factor == 1) {
            return g;
        }
        long[] s = g.shape();
        INDArray c = g.isView() ? arena.add(g.dup('c')) : g;
        INDArray blocks = c.reshape('c', s[0], s[1], s[2] / factor, factor, s[3] / factor, factor);
        INDArray summed = arena.add(blocks.sum(3, 5));
        if (g != grad) {
            arena.free(g);
        }
        return summed;
    }

    /**
     * Folds the reflect padding of one axis back: the centre, plus each border row added onto the row it
     * mirrors (border index {@code r} before the start mirrors {@code p - r}, index {@code r} after the end mirrors
     * {@code n - 2 - r}).
     */
    private static INDArray unpad(INDArray grad, int axis, int p) {
        long n = grad.size(axis) - 2L * p;
        INDArray out = grad.get(range(axis, p, p + n)).dup('c');
        for (int r = 0; r < p; r++) {
            out.get(point(axis, p - r)).addi(grad.get(point(axis, r)));
            out.get(point(axis, n - 2 - r)).addi(grad.get(point(axis, p + n + r)));
        }
        return out;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] range(int axis, long from, long to) {
        org.nd4j.linalg.indexing.INDArrayIndex[] index = all();
        index[axis] = NDArrayIndex.interval(from, to);
        return index;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] point(int axis, long at) {
        org.nd4j.linalg.indexing.INDArrayIndex[] index = all();
        index[axis] = NDArrayIndex.interval(at, at + 1);
        return index;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] all() {
        return new org.nd4j.linalg.indexing.INDArrayIndex[] {
            NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
    }
}
