package io.pastiche.tiling;

import io.pastiche.spi.Tensor;

/**
 * A whole picture's feature maps, one float array per image and channel, so that a map may hold more values than
 * one Java array can. Tiles are read from it and written into it. Not thread-safe.
 */
final class Planes {

    private final int batch;
    private final int channels;
    private final int height;
    private final int width;
    /** Plane {@code n * channels + c}, row-major {@code height x width}. */
    private final float[][] planes;

    Planes(int batch, int channels, int height, int width) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.planes = new float[batch * channels][Math.multiplyExact(height, width)];
    }

    static Planes of(Tensor tensor) {
        Planes out = new Planes(tensor.batch(), tensor.channels(), tensor.height(), tensor.width());
        int plane = tensor.height() * tensor.width();
        for (int i = 0; i < out.planes.length; i++) {
            System.arraycopy(tensor.data(), i * plane, out.planes[i], 0, plane);
        }
        return out;
    }

    int batch() {
        return batch;
    }

    int channels() {
        return channels;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    float[] plane(int n, int c) {
        return planes[n * channels + c];
    }

    /** Rows {@code [rows.from, rows.to)} and columns {@code [cols.from, cols.to)} of every plane, as a tensor. */
    Tensor read(Span rows, Span cols) {
        int h = rows.to() - rows.from();
        int w = cols.to() - cols.from();
        float[] data = new float[planes.length * h * w];
        for (int i = 0; i < planes.length; i++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(planes[i], (rows.from() + y) * width + cols.from(), data, (i * h + y) * w, w);
            }
        }
        return new Tensor(data, batch, channels, h, w);
    }

    /**
     * Writes a tile: the tensor's rows from {@code rowSkip} and columns from {@code colSkip} go to rows
     * {@code [y0, y1)} and columns {@code [x0, x1)}.
     */
    void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        int w = x1 - x0;
        for (int i = 0; i < planes.length; i++) {
            int base = i * tile.height() * tile.width();
            for (int y = y0; y < y1; y++) {
                System.arraycopy(tile.data(), base + (rowSkip + y - y0) * tile.width() + colSkip, planes[i],
                        y * width + x0, w);
            }
        }
    }

    /** Adds another map of the same shape, value by value. */
    void add(Planes other) {
        for (int i = 0; i < planes.length; i++) {
            float[] a = planes[i];
            float[] b = other.planes[i];
            for (int j = 0; j < a.length; j++) {
                a[j] += b[j];
            }
        }
    }

    Tensor toTensor() {
        int plane = height * width;
        float[] data = new float[Math.multiplyExact(planes.length, plane)];
        for (int i = 0; i < planes.length; i++) {
            System.arraycopy(planes[i], 0, data, i * plane, plane);
        }
        return new Tensor(data, batch, channels, height, width);
    }
}
