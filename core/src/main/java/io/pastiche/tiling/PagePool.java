package io.pastiche.tiling;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Pages of storage, all of one size, that one tiled call's maps take as they write their rows and give back as those
 * rows stop being read ({@link FeatureStore#release}) or the map closes: native memory ({@link MapMemory}) or
 * regions of a spill file ({@link SpillFiles}). A page given back is the next one taken, before any new one is made:
 * storage fresh from the operating system costs a page fault and the zeroing of each page the first time it is
 * written, and on a virtual machine that hands freed memory back to its host (free page reporting) a fault in the
 * host too (docs/benchmarks.md). So the pages a call makes are about the most it holds at once, not the sum of its
 * maps.
 *
 * <p>A page is not cleared: a map writes each row before reading it, and until then the page holds what its
 * previous map left. Thread-safe.
 *
 * @param <P> the page
 */
final class PagePool<P> implements AutoCloseable {

    private final Consumer<P> free;
    private final ArrayDeque<P> given = new ArrayDeque<>();
    private final Set<P> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    private int made;
    private boolean closed;

    /**
     * @param free frees a page for good: when the pool closes, or when it comes back after that
     */
    PagePool(Consumer<P> free) {
        this.free = free;
    }

    /**
     * A page: the one given back last if there is one, else a new one.
     *
     * @param make makes a page when none is free; what it throws goes to the caller
     * @throws IllegalStateException if the pool is closed
     */
    synchronized P take(Supplier<P> make) {
        if (closed) {
            throw new IllegalStateException("the tiled call's storage is closed");
        }
        P page = given.pollFirst();
        if (page == null) {
            page = make.get();
            made++;
        }
        lent.add(page);
        return page;
    }

    /**
     * Takes a page back for the next map; after {@link #close()}, frees it.
     *
     * @throws IllegalArgumentException if the page is not one this pool lent
     */
    synchronized void give(P page) {
        if (!lent.remove(page)) {
            throw new IllegalArgumentException("not a page of this tiled call's storage");
        }
        if (closed) {
            free.accept(page);
        } else {
            given.addFirst(page);
        }
    }

    /** The pages made so far: the most the call has held at once. */
    synchronized int made() {
        return made;
    }

    /** The pages lent and not yet given back. */
    synchronized int lent() {
        return lent.size();
    }

    /**
     * Frees the pages given back. A page still lent is freed when it comes back: a map still open (an engine call
     * failing while a helper thread reads it) never reads a freed page.
     */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = null;
        for (P page : given) {
            try {
                free.accept(page);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        given.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
