package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

/**
 * Feature maps held on the heap, one float array per image and channel, so that a map may hold more values than
 * one Java array can. Distinct planes may be read and written from several threads at once.
 */
final class HeapStore implements FeatureStore {

    private final int batch;
    private final int channels;
    private final int height;
    private final int width;
    /** Plane {@code n * channels + c}, row-major {@code height x width}. */
    private final float[][] planes;

    HeapStore(int batch, int channels, int height, int width) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.planes = new float[batch * channels][Math.multiplyExact(height, width)];
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public Tensor read(Span rows, Span cols) {
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

    @Override
    public void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        int w = x1 - x0;
        for (int i = 0; i < planes.length; i++) {
            int base = i * tile.height() * tile.width();
            for (int y = y0; y < y1; y++) {
                System.arraycopy(tile.data(), base + (rowSkip + y - y0) * tile.width() + colSkip, planes[i],
                        y * width + x0, w);
            }
        }
    }

    @Override
    public void readRows(int n, int c, int y0, int y1, float[] into) {
        System.arraycopy(planes[n * channels + c], y0 * width, into, 0, (y1 - y0) * width);
    }

    @Override
    public void writeRows(int n, int c, int y0, int y1, float[] from) {
        System.arraycopy(from, 0, planes[n * channels + c], y0 * width, (y1 - y0) * width);
    }

    @Override
    public void close() {
        // the garbage collector frees the arrays
    }
}
