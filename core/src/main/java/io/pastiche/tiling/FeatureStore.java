package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

/**
 * A whole picture's feature maps (NCHW) that tiles are read from and written into: held in memory
 * ({@link MemoryStore}) or spilled to a temporary file ({@link FileStore}) when they would not fit the call's budget.
 * Closing it frees what it holds (deletes its file). {@link #readRows} and {@link #writeRows} of distinct planes
 * may run on several threads at once; everything else is for one thread.
 */
interface FeatureStore extends AutoCloseable {

    int batch();

    int channels();

    int height();

    int width();

    /** Rows {@code [rows.from, rows.to)} and columns {@code [cols.from, cols.to)} of every plane, as a tensor. */
    Tensor read(Span rows, Span cols);

    /**
     * Writes a tile: the tensor's rows from {@code rowSkip} and columns from {@code colSkip} go to rows
     * {@code [y0, y1)} and columns {@code [x0, x1)}.
     */
    void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1);

    /**
     * Reads rows {@code [y0, y1)} of one plane, whole, into {@code into} (at least {@code (y1 - y0) * width}
     * long); for passes over the map band by band.
     */
    void readRows(int n, int c, int y0, int y1, float[] into);

    /** Writes rows {@code [y0, y1)} of one plane, whole, from {@code from}. */
    void writeRows(int n, int c, int y0, int y1, float[] from);

    /** Frees the memory or deletes the file. A second call does nothing. */
    @Override
    void close();
}
