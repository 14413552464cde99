package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a layer's next band on a thread of its own while the engine computes the current one: a spilled map's
 * pages may have left the page cache, and the engine need not wait for the disk. One read at a time; one per tiled
 * call; not thread-safe.
 */
final class ReadAhead implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "pastiche-tile-reader");
        t.setDaemon(true);
        return t;
    });
    private Future<Tensor> pending;

    /** Starts reading a band; the previous one must have been taken. */
    void start(Callable<Tensor> read) {
        pending = thread.submit(read);
    }

    /**
     * The band started last, when it is read; rethrows the read's failure. An interrupt does not cut the wait short
     * (the read must end before its map is closed); it is kept, for the next tile to see.
     */
    Tensor take() {
        Future<Tensor> read = pending;
        pending = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return read.get();
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
