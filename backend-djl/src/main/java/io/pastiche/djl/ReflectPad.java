package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Nearest-neighbour upsampling followed by reflect padding, as one gather. DJL has no reflect pad, and both steps
 * only move values: output pixel {@code (y, x)} of the padded, upsampled map reads input pixel
 * {@code (reflect(y - p) / factor, reflect(x - p) / factor)}, where {@code reflect} mirrors around the edges
 * without repeating them ({@code -1 -> 1}, {@code n -> n - 2}), as TensorFlow's and PyTorch's {@code REFLECT}.
 * One gather on the flattened spatial axis does it all, exactly.
 */
final class ReflectPad {

    private ReflectPad() {
    }

    /**
     * @param x          NCHW
     * @param padding    reflect padding on each side, less than the upsampled side
     * @param factor     nearest-neighbour upsampling factor, 1 for none
     * @param indexOwner the manager that keeps the gather's index. DJL creates arrays from Java data without
     *                   copying (the native tensor reads the Java buffer, which is freed once the array is
     *                   closed and collected), and autograd saves the index for the backward pass: when it
     *                   records, this must outlive the backward pass
     * @return NCHW of side {@code factor * side + 2 * padding}, attached to {@code x}'s manager; {@code x}
     *         itself when there is nothing to do
     */
    static NDArray apply(NDArray x, int padding, int factor, NDManager indexOwner) {
        if (padding == 0 && factor == 1) {
            return x;
        }
        long[] shape = x.getShape().getShape();
        int height = Math.toIntExact(shape[2]);
        int width = Math.toIntExact(shape[3]);
        int outHeight = height * factor + 2 * padding;
        int outWidth = width * factor + 2 * padding;
        long pixels = (long) outHeight * outWidth;
        // torch.gather along the flattened pixels, with one index row expanded (a view, no copy) to every image
        // and channel: twice as fast as the same selection by advanced indexing, x[:, :, index].
        NDArray index = indexOwner.create(sourceIndex(height, width, padding, factor))
                .reshape(1, 1, pixels).broadcast(shape[0], shape[1], pixels);
        NDArray flat = x.reshape(shape[0], shape[1], (long) height * width);
        return flat.gather(index, 2).reshape(shape[0], shape[1], outHeight, outWidth);
    }

    /** For every pixel of the padded, upsampled map in row-major order, the flat index of its source pixel. */
    static long[] sourceIndex(int height, int width, int padding, int factor) {
        int upHeight = height * factor;
        int upWidth = width * factor;
        if (padding >= upHeight || padding >= upWidth) {
            throw new IllegalArgumentException("reflect padding " + padding + " needs a side larger than it, got "
                    + upHeight + "x" + upWidth);
        }
        int outHeight = upHeight + 2 * padding;
        int outWidth = upWidth + 2 * padding;
        int[] column = new int[outWidth];
        for (int x = 0; x < outWidth; x++) {
            column[x] = reflect(x - padding, upWidth) / factor;
        }
        long[] index = new long[Math.multiplyExact(outHeight, outWidth)];
        for (int y = 0; y < outHeight; y++) {
            long row = (long) (reflect(y - padding, upHeight) / factor) * width;
            for (int x = 0; x < outWidth; x++) {
                index[y * outWidth + x] = row + column[x];
            }
        }
        return index;
    }

    /** Mirrors {@code i} into {@code [0, n)} without repeating the edge; valid for {@code -n < i < 2n - 1}. */
    static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        if (i >= n) {
            return 2 * (n - 1) - i;
        }
        return i;
    }
}
