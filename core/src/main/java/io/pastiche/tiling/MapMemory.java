package io.pastiche.tiling;

import com.sun.jna.Memory;
import io.pastiche.NativeMemoryException;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The native memory of one tiled call's in-memory maps: pages of one size, lent to the maps as they write their
 * rows ({@link MemoryStore}), taken back as those rows stop being read ({@link PagePool}), and freed when the call
 * ends. A page's memory becomes resident only when written. Thread-safe.
 */
final class MapMemory implements MapStorage {

    private final long pageBytes;
    private final PagePool<Page> pages = new PagePool<>(page -> page.memory().close());

    /**
     * A page: its native memory, and a view of it as floats, made once for every map that borrows it.
     *
     * @param memory the memory, freed when the call ends
     * @param floats all of it
     */
    record Page(Memory memory, FloatBuffer floats) {
    }

    /**
     * @param pageBytes the bytes of every page: at least the largest row of the call's maps
     */
    MapMemory(long pageBytes) {
        if (pageBytes <= 0) {
            throw new IllegalArgumentException("a map's pages need a positive size, got " + pageBytes);
        }
        this.pageBytes = pageBytes;
    }

    @Override
    public FeatureStore map(int batch, int channels, int height, int width) {
        return new MemoryStore(batch, channels, height, width, this);
    }

    long pageBytes() {
        return pageBytes;
    }

    /**
     * A page, one given back if there is one.
     *
     * @throws NativeMemoryException if a new page cannot be had
     */
    Page take() {
        return pages.take(this::allocate);
    }

    private Page allocate() {
        try {
            Memory memory = new Memory(pageBytes);
            return new Page(memory, memory.getByteBuffer(0, pageBytes).order(ByteOrder.nativeOrder()).asFloatBuffer());
        } catch (OutOfMemoryError e) {
            throw new NativeMemoryException("cannot hold the picture's feature maps in memory (" + pages.made()
                    + " pages of " + NativeMemoryException.size(pageBytes) + " taken); give the call a smaller budget "
                    + "(LoadOptions.withMemoryBudget, the CLI's --memory) so that its maps are spilled to disk",
                    pageBytes, e);
        }
    }

    /** Takes a page back for the next rows; after {@link #close()}, frees it. */
    void give(Page page) {
        pages.give(page);
    }

    /** The bytes of the pages made so far: the most the call's maps have held at once. */
    long madeBytes() {
        return pages.made() * pageBytes;
    }

    @Override
    public void close() {
        pages.close();
    }
}
