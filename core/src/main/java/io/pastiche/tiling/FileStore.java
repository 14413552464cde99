package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Feature maps spilled to a temporary file, plane after plane, read and written with positional I/O: the pages
 * stay in the operating system's cache, not in the process, so a map larger than memory costs disk, not resident
 * memory. The file is created with {@code DELETE_ON_CLOSE} and deleted by {@link #close()}, so neither a failed nor
 * an interrupted call leaves it behind (and the JVM's exit removes it if close never runs). Not thread-safe.
 */
final class FileStore implements FeatureStore {

    private final int batch;
    private final int channels;
    private final int height;
    private final int width;
    private final Path file;
    private final FileChannel channel;
    /** Reused for every row: one row of floats in native order. */
    private final ByteBuffer row;

    /**
     * @param folder where the temporary file goes; null for the system's temporary folder
     * @throws UncheckedIOException if the file cannot be created
     */
    FileStore(int batch, int channels, int height, int width, Path folder) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        try {
            this.file = folder == null ? Files.createTempFile("pastiche-tiles-", ".f32")
                    : Files.createTempFile(folder, "pastiche-tiles-", ".f32");
            file.toFile().deleteOnExit();
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the picture's feature maps (" + e
                    .getMessage() + "); free disk space in the temporary folder, or give the call more memory", e);
        }
        this.row = ByteBuffer.allocateDirect(width * Float.BYTES).order(ByteOrder.nativeOrder());
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

    private long offset(int n, int c, int y, int x) {
        return ((((long) n * channels + c) * height + y) * width + x) * Float.BYTES;
    }

    @Override
    public Tensor read(Span rows, Span cols) {
        int h = rows.to() - rows.from();
        int w = cols.to() - cols.from();
        float[] data = new float[batch * channels * h * w];
        int i = 0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int y = rows.from(); y < rows.to(); y++) {
                    readRow(offset(n, c, y, cols.from()), w).get(data, i, w);
                    i += w;
                }
            }
        }
        return new Tensor(data, batch, channels, h, w);
    }

    @Override
    public void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        int w = x1 - x0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int y = y0; y < y1; y++) {
                    int from = tile.index(n, c, rowSkip + y - y0, colSkip);
                    writeRow(offset(n, c, y, x0), tile.data(), from, w);
                }
            }
        }
    }

    @Override
    public void readRows(int n, int c, int y0, int y1, float[] into) {
        for (int y = y0; y < y1; y++) {
            readRow(offset(n, c, y, 0), width).get(into, (y - y0) * width, width);
        }
    }

    @Override
    public void writeRows(int n, int c, int y0, int y1, float[] from) {
        for (int y = y0; y < y1; y++) {
            writeRow(offset(n, c, y, 0), from, (y - y0) * width, width);
        }
    }

    private FloatBuffer readRow(long position, int floats) {
        row.clear().limit(floats * Float.BYTES);
        try {
            while (row.hasRemaining()) {
                if (channel.read(row, position + row.position()) < 0) {
                    // a part never written reads as zeros, as a sparse file would
                    while (row.hasRemaining()) {
                        row.put((byte) 0);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spilled feature maps in " + file, e);
        }
        row.flip();
        return row.asFloatBuffer();
    }

    private void writeRow(long position, float[] data, int from, int floats) {
        row.clear().limit(floats * Float.BYTES);
        row.asFloatBuffer().put(data, from, floats);
        try {
            while (row.hasRemaining()) {
                channel.write(row, position + row.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spilled feature maps to " + file + " (" + e.getMessage()
                    + "); free disk space in the temporary folder", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
