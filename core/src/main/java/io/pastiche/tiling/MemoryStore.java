package io.pastiche.tiling;

import com.sun.jna.Memory;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A feature map held in the process's native memory, in pages lent by the call's {@link MapMemory}: a page is taken
 * when its first row is written and given back when its rows are released or the map is closed. Not on the Java
 * heap: there, multi-gigabyte maps of large arrays kept the garbage collector busy (at 4096 x 4096, 582 pauses and
 * 354 concurrent cycles in a call) and the call was slower than with its maps spilled to files
 * (docs/benchmarks.md). Each row is a view of its own.
 */
final class MemoryStore extends SizedStore {

    private final MapMemory memory;
    private final RowPages paging;
    private final long rowBytes;
    private final Memory[] pages;
    /** Row {@code n * height + y}, {@code width x channels}: a view of its page, null before it has one. */
    private final AtomicReferenceArray<FloatBuffer> rows;
    private boolean closed;

    MemoryStore(int batch, int channels, int height, int width, MapMemory memory) {
        super(batch, channels, height, width);
        this.memory = memory;
        this.rowBytes = (long) Math.multiplyExact(width, channels) * Float.BYTES;
        this.paging = RowPages.of(batch, height, rowBytes, memory.pageBytes());
        this.pages = new Memory[paging.pages()];
        this.rows = new AtomicReferenceArray<>(batch * height);
    }

    @Override
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        FloatBuffer row = rows.get(n * height + y);
        if (row == null) {
            throw new IllegalStateException("row " + y + " of image " + n + " was not written, or was released");
        }
        row.get(x0 * channels, into, at, (x1 - x0) * channels);
    }

    /**
     * @throws io.pastiche.NativeMemoryException if the row's page cannot be had
     */
    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        FloatBuffer row = rows.get(n * height + y);
        if (row == null) {
            row = attach(n, y);
        }
        row.put(x0 * channels, from, at, (x1 - x0) * channels);
    }

    /** The row's page taken, and views made of all its rows. */
    private synchronized FloatBuffer attach(int n, int y) {
        int page = paging.page(n, y);
        if (pages[page] == null) {
            if (closed) {
                throw new IllegalStateException("the map is closed");
            }
            Memory memory = this.memory.take();
            pages[page] = memory;
            int first = y - paging.rowInPage(y);
            for (int r = first; r < Math.min(height, first + paging.rowsPerPage()); r++) {
                rows.set(n * height + r, memory.getByteBuffer((r - first) * rowBytes, rowBytes)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer());
            }
        }
        return rows.get(n * height + y);
    }

    @Override
    public synchronized void release(int rowsBelow) {
        int below = paging.pagesBelow(rowsBelow);
        for (int n = 0; n < batch; n++) {
            for (int p = 0; p < below; p++) {
                free(n, p);
            }
        }
    }

    private void free(int n, int p) {
        int page = n * paging.pagesPerImage() + p;
        if (pages[page] != null) {
            int first = p * paging.rowsPerPage();
            for (int r = first; r < Math.min(height, first + paging.rowsPerPage()); r++) {
                rows.set(n * height + r, null);
            }
            memory.give(pages[page]);
            pages[page] = null;
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
