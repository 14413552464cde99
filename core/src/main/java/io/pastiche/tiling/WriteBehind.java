package io.pastiche.tiling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes a layer's bands on a thread of its own, one at a time, while the engine computes the next band: when a
 * spilled map outgrows the page cache, its writes wait for the disk, and the engine need not wait with them. One per
 * tiled call; not thread-safe.
 */
final class WriteBehind implements AutoCloseable {

    private final ExecutorService thread = HelperThreads.single("pastiche-tile-writer");
    private Future<?> pending;

    /** Waits for the previous write, rethrowing its failure, then starts this one. */
    void submit(Runnable write) {
        await();
        pending = thread.submit(write);
    }

    /** Waits for the last write and rethrows its failure ({@link HelperThreads#join}). */
    void await() {
        Future<?> last = pending;
        pending = null;
        if (last != null) {
            HelperThreads.join(last);
        }
    }

    /** Waits for a write in progress, its failure dropped (the call is failing already), and ends the thread. */
    @Override
    public void close() {
        try {
            await();
        } catch (RuntimeException | Error e) {
            // the call's own failure is the one to report
        } finally {
            thread.shutdown();
        }
    }
}
