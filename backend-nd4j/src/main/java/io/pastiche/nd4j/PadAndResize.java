package io.pastiche.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.Pad;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Nearest-neighbour upsampling and reflect padding of NCHW maps, and their backward passes. The backward passes
 * are written here rather than taken from SameDiff, whose {@code pad} gradient slices the centre out and so drops
 * what the reflected border contributes.
 */
final class PadAndResize {

    private PadAndResize() {
    }

    /** Upsamples by {@code factor} (1: none), then reflect-pads by {@code padding}; registers what it makes. */
    static INDArray forward(INDArray x, int factor, int padding, Arena arena) {
        INDArray up = x;
        if (factor > 1) {
            up = arena.add(Nd4j.cnn().upsampling2d(x, factor, factor, true));
        }
        if (padding == 0) {
            return up;
        }
        INDArray padded = Nd4j.pad(up, new int[][] {{0, 0}, {0, 0}, {padding, padding}, {padding, padding}},
                Pad.Mode.REFLECT, 0);
        if (up != x) {
            arena.free(up);
        }
        return arena.add(padded);
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
