package io.pastiche.tiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A feature map spilled to a temporary file, row after row, read and written with positional I/O: the pages
 * stay in the operating system's cache, not in the process, so a map larger than memory costs disk, not resident
 * memory. The file is lent by the call's {@link SpillFiles} and given back by {@link #close()}; the call deletes
 * its files when it ends, however it ends.
 */
final class FileStore extends SizedStore {

    private final SpillFiles files;
    private final SpillFile spill;
    private boolean closed;
    /**
     * One direct buffer per thread for the transfers (positional I/O on one channel is safe from several threads,
     * so rows can be read and written in parallel); 1 MiB, so that a row moves in few system calls.
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

    private long offset(int n, int y, int x) {
        return (((long) n * height + y) * width + x) * channels * Float.BYTES;
    }

    @Override
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        read(offset(n, y, x0), into, at, (x1 - x0) * channels);
    }

    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        write(offset(n, y, x0), from, at, (x1 - x0) * channels);
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
