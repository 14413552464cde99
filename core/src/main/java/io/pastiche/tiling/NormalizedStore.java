package io.pastiche.tiling;

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

    /** The map under the view, whose values it normalises as they are read. */
    FeatureStore raw() {
        return raw;
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
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        raw.readRow(n, y, x0, x1, into, at);
        normalization.apply(n, into, at, x1 - x0);
    }

    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        throw new UnsupportedOperationException("a normalised view is read-only");
    }

    @Override
    public void release(int rowsBelow) {
        raw.release(rowsBelow);
    }

    @Override
    public void close() {
        raw.close();
    }
}
