package io.pastiche.tiling;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a map held in pages of its call's storage does whatever the pages are ({@link MemoryStore},
 * {@link FileStore}): a page is taken when the first of its rows is written, and given back when its rows are
 * released or the map is closed.
 *
 * @param <P> a page
 */
abstract class PagedStore<P> extends SizedStore {

    private final RowPages paging;
    private final int rowValues;
    /** The map's pages, null before one is taken and after it is given back. */
    private final AtomicReferenceArray<P> pages;
    private boolean closed;

    /**
     * @param pageBytes the bytes of a page of the call's storage
     * @throws IllegalArgumentException if a row does not fit a page
     */
    PagedStore(int batch, int channels, int height, int width, long pageBytes) {
        super(batch, channels, height, width);
        this.rowValues = Math.multiplyExact(width, channels);
        this.paging = RowPages.of(batch, height, (long) rowValues * Float.BYTES, pageBytes);
        this.pages = new AtomicReferenceArray<>(paging.pages());
    }

    /** A new page from the call's storage. */
    abstract P take();

    /** Gives a page back to the call's storage. */
    abstract void give(P page);

    /**
     * The page that holds row {@code y} of image {@code n}, to read it.
     *
     * @throws IllegalStateException if the row was never written or was released
     */
    final P pageToRead(int n, int y) {
        P page = pages.get(paging.page(n, y));
        if (page == null) {
            throw new IllegalStateException("row " + y + " of image " + n + " was not written, or was released");
        }
        return page;
    }

    /** The page that holds row {@code y} of image {@code n}, taken if the map has none there yet, to write it. */
    final P pageToWrite(int n, int y) {
        P page = pages.get(paging.page(n, y));
        return page != null ? page : attach(paging.page(n, y));
    }

    private synchronized P attach(int index) {
        if (pages.get(index) == null) {
            if (closed) {
                throw new IllegalStateException("the map is closed");
            }
            pages.set(index, take());
        }
        return pages.get(index);
    }

    /** Where column {@code x} of row {@code y} starts in its page, in values. */
    final int valueInPage(int y, int x) {
        return paging.rowInPage(y) * rowValues + x * channels;
    }

    @Override
    public final synchronized void release(int rowsBelow) {
        int below = paging.pagesBelow(rowsBelow);
        for (int n = 0; n < batch; n++) {
            for (int p = 0; p < below; p++) {
                P page = pages.getAndSet(n * paging.pagesPerImage() + p, null);
                if (page != null) {
                    give(page);
                }
            }
        }
    }

    /** Gives the pages back to the call. A second call does nothing. */
    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            release(height);
        }
    }
}
