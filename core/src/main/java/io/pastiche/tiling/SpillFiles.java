package io.pastiche.tiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The temporary file of one tiled call's spilled maps: pages of one size at offsets of one file, lent to the maps
 * as they write their rows ({@link FileStore}) and taken back as those rows stop being read ({@link PagePool}), so
 * the file grows to about the most the maps hold at once. Page cache fresh from the system costs as much as fresh
 * memory (at 8192 x 8192 spilled, the writing thread once spent a third of a core in the kernel making cache pages
 * for a new file per map; docs/benchmarks.md). The file is made with the first page and deleted when the call ends
 * and every page is back. Thread-safe.
 */
final class SpillFiles implements MapStorage {

    private final Path folder;
    private final long pageBytes;
    private final PagePool<Long> pages = new PagePool<>(page -> { });
    /** Read by every row transfer, so not behind the lock. */
    private volatile SpillFile file;
    private long nextOffset;
    private boolean closed;

    /**
     * @param folder    where the file goes; null for the system's temporary folder
     * @param pageBytes the bytes of every page: at least the largest row of the call's maps
     */
    SpillFiles(Path folder, long pageBytes) {
        if (pageBytes <= 0) {
            throw new IllegalArgumentException("a map's pages need a positive size, got " + pageBytes);
        }
        this.folder = folder;
        this.pageBytes = pageBytes;
    }

    @Override
    public FeatureStore map(int batch, int channels, int height, int width) {
        return new FileStore(batch, channels, height, width, this);
    }

    long pageBytes() {
        return pageBytes;
    }

    /**
     * A page's offset in {@link #file()}, one given back if there is one; give back this very object.
     *
     * @throws UncheckedIOException if the file cannot be created
     */
    synchronized Long take() {
        if (file == null && !closed) {
            file = SpillFile.create(folder);
        }
        return pages.take(() -> {
            long offset = nextOffset;
            nextOffset += pageBytes;
            return offset;
        });
    }

    /** The file the pages are in; made by the first {@link #take()}, null once deleted. */
    SpillFile file() {
        return file;
    }

    /** Takes a page back for the next rows; after {@link #close()}, the last page back deletes the file. */
    synchronized void give(Long page) {
        pages.give(page);
        if (closed && pages.lent() == 0) {
            deleteFile();
        }
    }

    /**
     * Deletes the file once every page is back.
     *
     * @throws UncheckedIOException if the file cannot be deleted
     */
    @Override
    public synchronized void close() {
        closed = true;
        pages.close();
        if (pages.lent() == 0) {
            deleteFile();
        }
    }

    private void deleteFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the temporary file " + file.path(), e);
            }
            file = null;
        }
    }
}
