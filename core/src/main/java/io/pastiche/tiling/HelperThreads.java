package io.pastiche.tiling;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** What the tiled call's helper threads share: how they are made, and how their work is waited for. */
final class HelperThreads {

    private HelperThreads() {
    }

    /** One daemon thread, so that a call that never closes it does not keep the JVM alive. */
    static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The task's result when it ends, its failure rethrown as it was. An interrupt does not cut the wait short (the
     * task must end before the maps it uses are closed); it is kept, for the next tile to see.
     */
    static <T> T join(Future<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
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
}
