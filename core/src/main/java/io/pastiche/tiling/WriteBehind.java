package io.pastiche.tiling;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a layer's bands on a thread of its own, one at a time, while the engine computes the next band: when a
 * spilled map outgrows the page cache, its writes wait for the disk, and the engine need not wait with them. One per
 * tiled call; not thread-safe.
 */
final class WriteBehind implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "pastiche-tile-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    /** Waits for the previous write, rethrowing its failure, then starts this one. */
    void submit(Runnable write) {
        await();
        pending = thread.submit(write);
    }

    /**
     * Waits for the last write and rethrows its failure. An interrupt does not cut the wait short (the write must
     * end before its map is closed); it is kept, for the next tile to see.
     */
    void await() {
        Future<?> last = pending;
        pending = null;
        if (last == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    last.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
