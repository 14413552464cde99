package io.pastiche.tiling;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Blocks of storage that one tiled call's maps borrow one after another: native memory ({@link MapMemory}) or
 * spill files ({@link SpillFiles}). A call holds at most three maps at once (a layer's input and output, a residual
 * block's input), so it makes about three blocks, and each later map reuses one. Storage fresh from the operating
 * system costs a page fault and the zeroing of each page the first time it is written, and on a virtual machine
 * that hands freed memory back to its host (free page reporting) a fault in the host too; with new storage for
 * every map (memory, or a file whose cached pages were freed as it was deleted), every layer paid that again
 * (docs/benchmarks.md). The block lent is the one whose written part already covers the map (else the one most
 * written), so that the pages in use stay near what the largest maps need.
 *
 * <p>A lent block is not cleared: a map is written whole before it is read, and until then holds what the block's
 * previous map left. Thread-safe.
 *
 * @param <B> the block
 */
final class BlockLender<B extends Closeable> implements AutoCloseable {

    private final List<Lent<B>> free = new ArrayList<>();
    private final Map<B, Lent<B>> lent = new IdentityHashMap<>();
    private boolean closed;

    /**
     * A block for a map of {@code bytes}: a free one if there is one, else a new one.
     *
     * @param bytes the map's size
     * @param make  makes a block large enough when none is free; what it throws goes to the caller
     * @throws IllegalStateException if the lender is closed
     */
    synchronized B take(long bytes, Supplier<B> make) {
        if (closed) {
            throw new IllegalStateException("the tiled call's storage is closed");
        }
        Lent<B> best = null;
        for (Lent<B> block : free) {
            if (best == null || better(block, best, bytes)) {
                best = block;
            }
        }
        if (best != null) {
            free.remove(best);
        } else {
            best = new Lent<>(make.get());
        }
        best.written = Math.max(best.written, bytes);
        lent.put(best.block, best);
        return best.block;
    }

    /**
     * Whether {@code a} suits a map of {@code bytes} better than {@code b}: of the blocks whose written part covers
     * it, the least written (the more written stay for larger maps); else the most written (fewest fresh pages).
     */
    private static boolean better(Lent<?> a, Lent<?> b, long bytes) {
        boolean aCovers = a.written >= bytes;
        boolean bCovers = b.written >= bytes;
        if (aCovers != bCovers) {
            return aCovers;
        }
        return aCovers ? a.written < b.written : a.written > b.written;
    }

    /**
     * The bytes written into the blocks made so far, lent or free: the pages they hold.
     *
     * @return bytes
     */
    synchronized long writtenBytes() {
        long sum = 0;
        for (Lent<B> block : free) {
            sum += block.written;
        }
        for (Lent<B> block : lent.values()) {
            sum += block.written;
        }
        return sum;
    }

    /**
     * Takes a block back for the next map; after {@link #close()}, closes it.
     *
     * @throws IllegalArgumentException if the block is not one this lender lent
     * @throws UncheckedIOException     if closing it fails
     */
    synchronized void give(B block) {
        Lent<B> entry = lent.remove(block);
        if (entry == null) {
            throw new IllegalArgumentException("not a block of this tiled call's storage");
        }
        if (closed) {
            closeQuietly(block);
        } else {
            free.add(entry);
        }
    }

    /**
     * Closes the blocks given back. A block still lent is closed when it is given back: a map still open (an engine
     * call failing while a helper thread reads it) never reads a freed block.
     *
     * @throws UncheckedIOException if closing a block fails (the others are closed all the same)
     */
    @Override
    public synchronized void close() {
        closed = true;
        UncheckedIOException failure = null;
        for (Lent<B> entry : free) {
            try {
                closeQuietly(entry.block);
            } catch (UncheckedIOException e) {
                failure = failure == null ? e : failure;
            }
        }
        free.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(Closeable block) {
        try {
            block.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A block and how much of it maps have written: pages the system has already given. */
    private static final class Lent<B> {

        final B block;
        long written;

        Lent(B block) {
            this.block = block;
        }
    }
}
