package io.pastiche.tiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A feature map spilled to the call's temporary file, in pages of whole rows ({@link SpillFiles}) read and written
 * with positional I/O: the pages stay in the operating system's cache, not in the process, so a map larger than
 * memory costs disk, not resident memory. A page is taken when its first row is written and given back when its
 * rows are released or the map is closed; the call deletes the file when it ends, however it ends.
 */
final class FileStore extends SizedStore {

    private final SpillFiles files;
    private final RowPages paging;
    private final long rowBytes;
    /** Each page's offset in the file, null before the page is taken: the objects the call's pool lent. */
    private final AtomicReferenceArray<Long> pages;
    private boolean closed;
    /**
     * One direct buffer per thread for the transfers (positional I/O on one channel is safe from several threads,
     * so rows can be read and written in parallel); 1 MiB, so that a row moves in few system calls.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder()));

    FileStore(int batch, int channels, int height, int width, SpillFiles files) {
        super(batch, channels, height, width);
        this.files = files;
        this.rowBytes = (long) Math.multiplyExact(width, channels) * Float.BYTES;
        this.paging = RowPages.of(batch, height, rowBytes, files.pageBytes());
        this.pages = new AtomicReferenceArray<>(paging.pages());
    }

    @Override
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        Long page = pages.get(paging.page(n, y));
        if (page == null) {
            throw new IllegalStateException("row " + y + " of image " + n + " was not written, or was released");
        }
        read(offset(page, y, x0), into, at, (x1 - x0) * channels);
    }

    /**
     * @throws UncheckedIOException if the file cannot be created or written (a full disk)
     */
    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        Long page = pages.get(paging.page(n, y));
        if (page == null) {
            page = attach(paging.page(n, y));
        }
        write(offset(page, y, x0), from, at, (x1 - x0) * channels);
    }

    private SpillFile file() {
        SpillFile file = files.file();
        if (file == null) {
            throw new IllegalStateException("the tiled call's storage is closed");
        }
        return file;
    }

    private long offset(long page, int y, int x) {
        return page + paging.rowInPage(y) * rowBytes + (long) x * channels * Float.BYTES;
    }

    private synchronized Long attach(int page) {
        if (pages.get(page) == null) {
            if (closed) {
                throw new IllegalStateException("the map is closed");
            }
            pages.set(page, files.take());
        }
        return pages.get(page);
    }

    @Override
    public synchronized void release(int rowsBelow) {
        int below = paging.pagesBelow(rowsBelow);
        for (int n = 0; n < batch; n++) {
            for (int p = 0; p < below; p++) {
                Long page = pages.getAndSet(n * paging.pagesPerImage() + p, null);
                if (page != null) {
                    files.give(page);
                }
            }
        }
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

    /** Gives the pages back to the call. A second call does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release(height);
        }
    }
}
