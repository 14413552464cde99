package io.pastiche.tiling;

/**
 * A whole picture's feature map, channels-last ({@code [B, H, W, C]}: the channels of a pixel side by side, the
 * layout in which a tile crosses into the engine), that tiles are read from and written into: held in memory
 * ({@link MemoryStore}) or spilled to a temporary file ({@link FileStore}) when it would not fit the call's budget,
 * in pages taken as its rows are first written. Releasing rows or closing it gives its pages back. Runs of rows
 * may be read from several threads at once, and distinct runs written.
 */
interface FeatureStore extends AutoCloseable {

    int batch();

    int channels();

    int height();

    int width();

    /**
     * Columns {@code [x0, x1)} of row {@code y} of image {@code n}, every channel: {@code (x1 - x0) * channels}
     * values into {@code into} from {@code at}.
     */
    void readRow(int n, int y, int x0, int x1, float[] into, int at);

    /** The same run written from {@code from}, starting at {@code at}. */
    void writeRow(int n, int y, int x0, int x1, float[] from, int at);

    /**
     * Gives back the storage of every row below {@code rowsBelow}, in every image, as far as whole pages of it go:
     * those rows are not read again, and their pages can hold the next map's. Only between reads and writes.
     */
    void release(int rowsBelow);

    /** Gives the map's storage back. A second call does nothing. */
    @Override
    void close();
}
