package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads a layer's next band on a thread of its own while the engine computes the current one: a spilled map's
 * pages may have left the page cache, and the engine need not wait for the disk. One read at a time; one per tiled
 * call; not thread-safe.
 */
final class ReadAhead implements AutoCloseable {

    private final ExecutorService thread = HelperThreads.single("pastiche-tile-reader");
    private Future<Tensor> pending;

    /** Starts reading a band; the previous one must have been taken. */
    void start(Callable<Tensor> read) {
        pending = thread.submit(read);
    }

    /** The band started last, when it is read; rethrows the read's failure ({@link HelperThreads#join}). */
    Tensor take() {
        Future<Tensor> read = pending;
        pending = null;
        return HelperThreads.join(read);
    }

    /** Waits for a read in progress, its result and failure dropped, and ends the thread. */
    @Override
    public void close() {
        try {
            if (pending != null) {
                take();
            }
        } catch (RuntimeException | Error e) {
            // the call's own failure is the one to report
        } finally {
            thread.shutdown();
        }
    }
}
