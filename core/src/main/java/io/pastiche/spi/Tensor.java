package io.pastiche.spi;

import java.util.Arrays;

/**
 * A dense float32 array of images in NCHW order, row-major: the one data type that crosses the SPI, so no
 * engine type leaks into core. The array is owned by the tensor once passed in.
 *
 * @param data     batch * channels * height * width values
 * @param batch    N
 * @param channels C
 * @param height   H
 * @param width    W
 */
public record Tensor(float[] data, int batch, int channels, int height, int width) {

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

    /** Index of element (n, c, y, x) in {@link #data()}. */
    public int index(int n, int c, int y, int x) {
        return ((n * channels + c) * height + y) * width + x;
    }

    /** The shape as {N, C, H, W}. */
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
