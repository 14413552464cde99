package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * A feature map spilled to a temporary file, plane after plane, read and written with positional I/O: the pages
 * stay in the operating system's cache, not in the process, so a map larger than memory costs disk, not resident
 * memory. The file is lent by the call's {@link SpillFiles} and given back by {@link #close()}; the call deletes
 * its files when it ends, however it ends. Distinct planes may be read and written from several threads at once.
 */
final class FileStore extends SizedStore {

    private final SpillFiles files;
    private final SpillFile spill;
    private boolean closed;
    /**
     * One direct buffer per thread for the transfers (positional I/O on one channel is safe from several threads,
     * so planes can be normalised in parallel); 1 MiB, so that runs of whole rows move in few system calls.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder()));

    /**
     * @param files the call's spill files
     * @throws UncheckedIOException if a file cannot be created
     */
    FileStore(int batch, int channels, int height, int width, SpillFiles files) {
        super(batch, channels, height, width);
        this.files = files;
        this.spill = files.take((long) batch * channels * height * width * Float.BYTES);
    }

    private long offset(int n, int c, int y, int x) {
        return ((((long) n * channels + c) * height + y) * width + x) * Float.BYTES;
    }

    @Override
    public Tensor read(Span rows, Span cols) {
        int h = rows.to() - rows.from();
        int w = cols.to() - cols.from();
        float[] data = new float[batch * channels * h * w];
        // planes in parallel: the copies from the page cache take as long as a third of the engine's work
        IntStream.range(0, batch * channels).parallel().forEach(plane -> {
            int n = plane / channels;
            int c = plane % channels;
            if (w == width) {
                // whole rows: the plane's rows are one run of the file
                read(offset(n, c, rows.from(), 0), data, plane * h * w, h * w);
                return;
            }
            for (int y = rows.from(); y < rows.to(); y++) {
                read(offset(n, c, y, cols.from()), data, (plane * h + y - rows.from()) * w, w);
            }
        });
        return new Tensor(data, batch, channels, h, w);
    }

    @Override
    public void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        int w = x1 - x0;
        IntStream.range(0, batch * channels).parallel().forEach(plane -> {
            int n = plane / channels;
            int c = plane % channels;
            if (w == width && tile.width() == width) {
                write(offset(n, c, y0, 0), tile.data(), tile.index(n, c, rowSkip, 0), (y1 - y0) * w);
                return;
            }
            for (int y = y0; y < y1; y++) {
                write(offset(n, c, y, x0), tile.data(), tile.index(n, c, rowSkip + y - y0, colSkip), w);
            }
        });
    }

    @Override
    public void readRows(int n, int c, int y0, int y1, float[] into) {
        read(offset(n, c, y0, 0), into, 0, (y1 - y0) * width);
    }

    @Override
    public void writeRows(int n, int c, int y0, int y1, float[] from) {
        write(offset(n, c, y0, 0), from, 0, (y1 - y0) * width);
    }

    /** Reads {@code floats} values at a byte position; past the file's end they read as zeros. */
    private void read(long position, float[] into, int from, int floats) {
        ByteBuffer buffer = BUFFER.get();
        for (int done = 0; done < floats; ) {
            int n = Math.min(floats - done, buffer.capacity() / Float.BYTES);
            buffer.clear().limit(n * Float.BYTES);
            try {
                while (buffer.hasRemaining()) {
                    if (spill.channel().read(buffer, position + (long) done * Float.BYTES + buffer.position()) < 0) {
                        while (buffer.hasRemaining()) {
                            buffer.put((byte) 0);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spilled feature maps in " + spill.path(), e);
            }
            buffer.flip();
            buffer.asFloatBuffer().get(into, from + done, n);
            done += n;
        }
    }

    private void write(long position, float[] data, int from, int floats) {
        ByteBuffer buffer = BUFFER.get();
        for (int done = 0; done < floats; ) {
            int n = Math.min(floats - done, buffer.capacity() / Float.BYTES);
            buffer.clear().limit(n * Float.BYTES);
            buffer.asFloatBuffer().put(data, from + done, n);
            try {
                while (buffer.hasRemaining()) {
                    spill.channel().write(buffer, position + (long) done * Float.BYTES + buffer.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spilled feature maps to " + spill.path() + " (" + e
                        .getMessage() + "); free disk space in the temporary folder", e);
            }
            done += n;
        }
    }

    /** Gives the file back to the call. A second call does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            files.give(spill);
        }
    }
}
