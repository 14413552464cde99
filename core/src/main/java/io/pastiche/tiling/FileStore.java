package io.pastiche.tiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A feature map spilled to the call's temporary file, in pages of whole rows ({@link SpillFiles}) read and written
 * with positional I/O: the pages stay in the operating system's cache, not in the process, so a map larger than
 * memory costs disk, not resident memory. A page is taken when its first row is written and given back when its
 * rows are released or the map is closed; the call deletes the file when it ends, however it ends.
 */
final class FileStore extends PagedStore<Long> {

    private final SpillFiles files;
    /**
     * One direct buffer per thread for the transfers (positional I/O on one channel is safe from several threads,
     * so rows can be read and written in parallel); 1 MiB, so that a row moves in few system calls.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder()));

    FileStore(int batch, int channels, int height, int width, SpillFiles files) {
        super(batch, channels, height, width, files.pageBytes());
        this.files = files;
    }

    @Override
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        read(offset(pageToRead(n, y), y, x0), into, at, (x1 - x0) * channels);
    }

    /**
     * @throws UncheckedIOException if the file cannot be created or written (a full disk)
     */
    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        write(offset(pageToWrite(n, y), y, x0), from, at, (x1 - x0) * channels);
    }

    /** A page's offset in the file: the object the call's pool lent. */
    @Override
    Long take() {
        return files.take();
    }

    @Override
    void give(Long page) {
        files.give(page);
    }

    private long offset(long page, int y, int x) {
        return page + (long) valueInPage(y, x) * Float.BYTES;
    }

    private SpillFile file() {
        SpillFile file = files.file();
        if (file == null) {
            throw new IllegalStateException("the tiled call's storage is closed");
        }
        return file;
    }

    /** Reads {@code floats} values at a byte position; past the file's end they read as zeros. */
    private void read(long position, float[] into, int from, int floats) {
        ByteBuffer buffer = BUFFER.get();
        for (int done = 0; done < floats; ) {
            int n = Math.min(floats - done, buffer.capacity() / Float.BYTES);
            buffer.clear().limit(n * Float.BYTES);
            try {
                while (buffer.hasRemaining()) {
                    if (file().channel().read(buffer, position + (long) done * Float.BYTES + buffer.position()) < 0) {
                        while (buffer.hasRemaining()) {
                            buffer.put((byte) 0);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spilled feature maps in " + file().path(), e);
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
                    file().channel().write(buffer, position + (long) done * Float.BYTES + buffer.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spilled feature maps to " + file().path() + " (" + e
                        .getMessage() + "); free disk space in the temporary folder", e);
            }
            done += n;
        }
    }
}
