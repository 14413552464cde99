package io.pastiche.tensor;

import java.util.Arrays;

/**
 * A dense float32 array of images in NCHW order, row-major: the one data type that crosses the SPI, so no
 * engine type leaks into core. The array is not copied: it is owned by the tensor once passed in, and
 * {@link #data()} returns it, not a copy. Images are RGB in [0, 1] where the SPI passes images; feature maps have
 * no fixed range. Two tensors are equal when their shapes and values are.
 *
 * @param data     batch * channels * height * width values
 * @param batch    N
 * @param channels C
 * @param height   H
 * @param width    W
 */
public record Tensor(float[] data, int batch, int channels, int height, int width) {

    /**
     * Checks the shape against the array.
     *
     * @param data     batch * channels * height * width values; not copied
     * @param batch    N, at least 1
     * @param channels C, at least 1
     * @param height   H, at least 1
     * @param width    W, at least 1
     * @throws IllegalArgumentException if a dimension is less than 1 or the array's length is not their product
     */
    public Tensor {
        if (batch < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("every dimension must be positive: " + batch + "x" + channels + "x"
                    + height + "x" + width);
        }
        long size = (long) batch * channels * height * width;
        if (data.length != size) {
            throw new IllegalArgumentException("shape " + batch + "x" + channels + "x" + height + "x" + width
                    + " needs " + size + " values, got " + data.length);
        }
    }

    /**
     * Index of element (n, c, y, x) in {@link #data()}. The coordinates are not checked.
     *
     * @param n image
     * @param c channel
     * @param y row, from the top
     * @param x column, from the left
     * @return {@code ((n * C + c) * H + y) * W + x}
     */
    public int index(int n, int c, int y, int x) {
        return ((n * channels + c) * height + y) * width + x;
    }

    /**
     * The shape.
     *
     * @return a new array {N, C, H, W}
     */
    public long[] shape() {
        return new long[] {batch, channels, height, width};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape(), t.shape()) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor[" + batch + "x" + channels + "x" + height + "x" + width + "]";
    }
}
