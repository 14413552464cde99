package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

/** The call's input as the first layer's map: read-only, each read a band of the source cut to its columns. */
final class SourceStore implements FeatureStore {

    private final BandSource source;

    SourceStore(BandSource source) {
        this.source = source;
    }

    @Override
    public int batch() {
        return source.batch();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public Tensor read(Span rows, Span cols) {
        Tensor band = source.rows(rows.from(), rows.to());
        return cols.from() == 0 && cols.to() == band.width() ? band : Bands.columns(band, cols.from(), cols.to());
    }

    @Override
    public void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        throw new UnsupportedOperationException("the input is read-only");
    }

    @Override
    public void readRows(int n, int c, int y0, int y1, float[] into) {
        Tensor band = source.rows(y0, y1);
        System.arraycopy(band.data(), band.index(n, c, 0, 0), into, 0, (y1 - y0) * band.width());
    }

    @Override
    public void writeRows(int n, int c, int y0, int y1, float[] from) {
        throw new UnsupportedOperationException("the input is read-only");
    }

    @Override
    public void close() {
        // the source belongs to the caller
    }
}
