package io.pastiche.serve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stylizing work of every request: a fixed number of workers behind a bounded queue. A job that finds the queue
 * full is refused at once with a 503 that says when to retry (from the recent jobs' duration), so no load can grow
 * the memory held by waiting uploads past {@code workers + capacity} of them. A job that takes longer than the
 * time limit, waiting included, ends its request with a 503 and is interrupted: a tiled call stops at its next
 * tile, a whole call finishes and its result is dropped.
 */
final class WorkQueue implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final Duration timeout;
    private final int workers;
    /** Recent jobs' mean duration in milliseconds (exponential average), for Retry-After. */
    private volatile double meanMillis = 1000;
    private final AtomicInteger running = new AtomicInteger();

    WorkQueue(int workers, int capacity, Duration timeout) {
        BlockingQueue<Runnable> queue = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, queue, job -> {
            Thread thread = new Thread(job, "pastiche-serve-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.timeout = timeout;
        this.workers = workers;
    }

    /**
     * Queues a job.
     *
     * @param job the work; its exception completes the future exceptionally
     * @return the job's result, or a {@link TimeoutException} past the time limit
     * @throws ApiError 503 {@code overloaded} if the queue is full, {@code shutting_down} once closing began
     */
    <T> CompletableFuture<T> submit(Callable<T> job) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> task;
        try {
            task = executor.submit(() -> run(job, result));
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                throw new ApiError(503, "shutting_down", "the server is shutting down; try another one or "
                        + "later", 5);
            }
            throw new ApiError(503, "overloaded", "the server is busy: " + executor.getQueue().size()
                    + " requests are waiting; retry after " + retryAfterSeconds() + " s", retryAfterSeconds());
        }
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            if (failure instanceof TimeoutException) {
                task.cancel(true);
            }
        });
        return result;
    }

    private <T> void run(Callable<T> job, CompletableFuture<T> result) {
        if (result.isDone()) {
            return; // timed out while it waited
        }
        long start = System.nanoTime();
        running.incrementAndGet();
        try {
            result.complete(job.call());
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            running.decrementAndGet();
            double millis = (System.nanoTime() - start) / 1e6;
            meanMillis = 0.8 * meanMillis + 0.2 * millis;
        }
    }

    /** When the queue as it is now should have drained: what waits and runs, at the recent pace, at least 1 s. */
    long retryAfterSeconds() {
        double jobs = executor.getQueue().size() + running.get();
        return Math.max(1, (long) Math.ceil(jobs * meanMillis / workers / 1000));
    }

    /** Requests waiting for a worker. */
    int waiting() {
        return executor.getQueue().size();
    }

    /** Requests being stylized. */
    int running() {
        return running.get();
    }

    /** The time limit of a request. */
    Duration timeout() {
        return timeout;
    }

    /**
     * Refuses new jobs and waits for the queued and running ones, up to a grace period; then interrupts what is
     * left.
     *
     * @param grace how long to wait
     */
    void drain(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
