package io.pastiche.tiling;

import com.sun.jna.Memory;
import io.pastiche.NativeMemoryException;

/**
 * The native memory of one tiled call's in-memory maps: blocks as large as the call's largest map, lent to one map
 * ({@link MemoryStore}) after another ({@link BlockLender}) and freed when the call ends. A block's pages become
 * resident only when written. Thread-safe.
 */
final class MapMemory implements MapStorage {

    private final long blockBytes;
    private final BlockLender<Memory> blocks = new BlockLender<>();

    /**
     * @param blockBytes the bytes of the call's largest map: every block's size
     */
    MapMemory(long blockBytes) {
        if (blockBytes <= 0) {
            throw new IllegalArgumentException("a map's memory needs a positive size, got " + blockBytes);
        }
        this.blockBytes = blockBytes;
    }

    @Override
    public FeatureStore map(int batch, int channels, int height, int width) {
        return new MemoryStore(batch, channels, height, width, this);
    }

    /**
     * A block for a map of {@code bytes}, a free one if there is one.
     *
     * @throws IllegalArgumentException if {@code bytes} is larger than the blocks
     * @throws NativeMemoryException    if a new block cannot be had
     */
    Memory take(long bytes) {
        if (bytes > blockBytes) {
            throw new IllegalArgumentException("a map of " + bytes + " bytes does not fit this call's blocks of "
                    + blockBytes);
        }
        return blocks.take(bytes, this::allocate);
    }

    private Memory allocate() {
        try {
            return new Memory(blockBytes);
        } catch (OutOfMemoryError e) {
            throw new NativeMemoryException("cannot hold a feature map of " + NativeMemoryException.size(blockBytes)
                    + " in memory; give the call a smaller budget (LoadOptions.withMemoryBudget, the CLI's --memory) "
                    + "so that its maps are spilled to disk", blockBytes, e);
        }
    }

    /** Takes a block back for the next map; after {@link #close()}, frees it. */
    void give(Memory block) {
        blocks.give(block);
    }

    @Override
    public void close() {
        blocks.close();
    }
}
