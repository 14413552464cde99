package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

import java.util.stream.IntStream;

/**
 * A layer's map as the next layer reads it: the raw convolution output, normalised and activated as it is read, so
 * that a map needs no pass of its own between two layers (for a spilled 8192 x 8192 map of 32 channels, a read and
 * a write of 8 GiB saved). Read-only; closing it closes the raw map.
 */
final class NormalizedStore implements FeatureStore {

    private final FeatureStore raw;
    private final Normalization normalization;

    NormalizedStore(FeatureStore raw, Normalization normalization) {
        this.raw = raw;
        this.normalization = normalization;
    }

    @Override
    public int batch() {
        return raw.batch();
    }

    @Override
    public int channels() {
        return raw.channels();
    }

    @Override
    public int height() {
        return raw.height();
    }

    @Override
    public int width() {
        return raw.width();
    }

    @Override
    public Tensor read(Span rows, Span cols) {
        Tensor tile = raw.read(rows, cols);
        int values = tile.height() * tile.width();
        IntStream.range(0, tile.batch() * tile.channels()).parallel()
                .forEach(plane -> normalization.apply(plane, tile.data(), plane * values, values));
        return tile;
    }

    @Override
    public void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        throw new UnsupportedOperationException("a normalised view is read-only");
    }

    @Override
    public void readRows(int n, int c, int y0, int y1, float[] into) {
        raw.readRows(n, c, y0, y1, into);
        normalization.apply(n * channels() + c, into, 0, (y1 - y0) * width());
    }

    @Override
    public void writeRows(int n, int c, int y0, int y1, float[] from) {
        throw new UnsupportedOperationException("a normalised view is read-only");
    }

    @Override
    public void close() {
        raw.close();
    }
}
