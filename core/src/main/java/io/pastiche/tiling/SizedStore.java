package io.pastiche.tiling;

/** What the stores that hold a map themselves share: its shape. */
abstract class SizedStore implements FeatureStore {

    protected final int batch;
    protected final int channels;
    protected final int height;
    protected final int width;

    SizedStore(int batch, int channels, int height, int width) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    @Override
    public final int batch() {
        return batch;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int height() {
        return height;
    }

    @Override
    public final int width() {
        return width;
    }
}
