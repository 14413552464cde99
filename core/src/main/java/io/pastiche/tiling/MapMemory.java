package io.pastiche.tiling;

import com.sun.jna.Memory;
import io.pastiche.NativeMemoryException;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native memory of one tiled call's in-memory maps: blocks as large as the call's largest map, each lent to one
 * map ({@link MemoryStore}) at a time and taken back when that map closes, so that the next map reuses it. Memory
 * fresh from the operating system costs a page fault and the zeroing of each page the first time it is written;
 * with new memory for every map, every layer paid that again (at 4096 x 4096, 7 % of a call's time went to the
 * kernel's page clearing, docs/benchmarks.md). A call holds at most three maps at once (a layer's input and output,
 * a residual block's input), so it allocates about three blocks. A block's pages become resident only when written:
 * the block lent is the one whose written part already covers the map (else the one most written), so that the
 * resident memory stays near what the largest maps need.
 *
 * <p>A lent block is not cleared: a map is written whole before it is read, and until then holds what the block's
 * previous map left. Thread-safe.
 */
final class MapMemory implements AutoCloseable {

    private final long blockBytes;
    private final List<Block> free = new ArrayList<>();
    private final Map<Memory, Block> lent = new IdentityHashMap<>();
    private boolean closed;

    /**
     * @param blockBytes the bytes of the call's largest map: every block's size
     */
    MapMemory(long blockBytes) {
        if (blockBytes <= 0) {
            throw new IllegalArgumentException("a map's memory needs a positive size, got " + blockBytes);
        }
        this.blockBytes = blockBytes;
    }

    /**
     * A block for a map of {@code bytes}, a free one if there is one.
     *
     * @throws IllegalArgumentException if {@code bytes} is larger than the blocks
     * @throws NativeMemoryException    if a new block cannot be had
     */
    synchronized Memory take(long bytes) {
        if (bytes > blockBytes) {
            throw new IllegalArgumentException("a map of " + bytes + " bytes does not fit this call's blocks of "
                    + blockBytes);
        }
        if (closed) {
            throw new IllegalStateException("the call's map memory is closed");
        }
        Block best = null;
        for (Block block : free) {
            if (best == null || better(block, best, bytes)) {
                best = block;
            }
        }
        if (best != null) {
            free.remove(best);
            best.written = Math.max(best.written, bytes);
            lent.put(best.memory, best);
            return best.memory;
        }
        try {
            Block block = new Block(new Memory(blockBytes), bytes);
            lent.put(block.memory, block);
            return block.memory;
        } catch (OutOfMemoryError e) {
            throw new NativeMemoryException("cannot hold a feature map of " + NativeMemoryException.size(blockBytes)
                    + " in memory; give the call a smaller budget (LoadOptions.withMemoryBudget, the CLI's --memory) "
                    + "so that its maps are spilled to disk", blockBytes, e);
        }
    }

    /**
     * Whether {@code a} suits a map of {@code bytes} better than {@code b}: of the blocks whose written pages cover
     * it, the least written (the more written stay for larger maps); else the most written (fewest fresh pages).
     */
    private static boolean better(Block a, Block b, long bytes) {
        boolean aCovers = a.written >= bytes;
        boolean bCovers = b.written >= bytes;
        if (aCovers != bCovers) {
            return aCovers;
        }
        return aCovers ? a.written < b.written : a.written > b.written;
    }

    /** Takes a block back for the next map; after {@link #close()}, frees it. */
    synchronized void give(Memory memory) {
        Block block = lent.remove(memory);
        if (block == null) {
            throw new IllegalArgumentException("not a block of this call's map memory");
        }
        if (closed) {
            memory.close();
        } else {
            free.add(block);
        }
    }

    /**
     * Frees the blocks given back. A block still lent is freed when it is given back: a map still open (an engine
     * call failing while a helper thread reads it) never reads freed memory.
     */
    @Override
    public synchronized void close() {
        closed = true;
        for (Block block : free) {
            block.memory.close();
        }
        free.clear();
    }

    /** A block and how much of it maps have written: those pages are resident, the rest not yet. */
    private static final class Block {

        final Memory memory;
        long written;

        Block(Memory memory, long written) {
            this.memory = memory;
            this.written = written;
        }
    }
}
