package io.pastiche.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A pass over many items split into a few runs of consecutive items on the common fork-join pool: four runs per
 * thread (the pool's and the calling thread), so that a run finishing late leaves the others' threads little to
 * wait for, and never more runs than items. Each run sets up its buffers once, where a task per item made garbage
 * per item (a few megabytes per layer for a chunk array per plane).
 */
public final class ParallelRuns {

    private static final int RUNS_PER_THREAD = 4;

    private ParallelRuns() {
    }

    /** What one run does with its items {@code [from, to)}. */
    @FunctionalInterface
    public interface Run {

        /**
         * Does the run's part of the pass.
         *
         * @param from the run's first item
         * @param to   one past its last
         */
        void run(int from, int to);
    }

    /**
     * How many runs a pass over {@code items} is split into.
     *
     * @param items at least 0
     * @return {@code min(items, 4 * (common pool parallelism + 1))}
     */
    public static int count(int items) {
        return Math.min(items, RUNS_PER_THREAD * (ForkJoinPool.getCommonPoolParallelism() + 1));
    }

    /**
     * The first item of a run; run {@code runs} gives the end of the last.
     *
     * @param items the items of the pass
     * @param run   which run, from 0 to {@code runs}
     * @param runs  how many runs, at least 1
     * @return {@code floor(items * run / runs)}
     */
    public static int start(int items, int run, int runs) {
        return (int) ((long) items * run / runs);
    }

    /**
     * Runs a pass over {@code items} in {@link #count(int)} runs, in parallel, and returns when all are done.
     *
     * @param items at least 0
     * @param run   called once per run with its items
     */
    public static void forEach(int items, Run run) {
        int runs = count(items);
        forEachRun(runs, r -> run.run(start(items, r, runs), start(items, r + 1, runs)));
    }

    /**
     * Runs {@code body} for runs {@code 0..runs-1} in parallel and returns when every run has ended, also when one
     * fails: a parallel stream rethrows the first failure while the other runs may still be working, and a run
     * still reading a map's native memory after its caller freed it would crash the process. The first failure is
     * then thrown, the others suppressed in it.
     *
     * @param runs at least 0
     * @param body called once per run
     */
    public static void forEachRun(int runs, IntConsumer body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IntStream.range(0, runs).parallel().forEach(r -> {
            try {
                body.accept(r);
            } catch (RuntimeException | Error e) {
                if (!failure.compareAndSet(null, e)) {
                    failure.get().addSuppressed(e);
                }
            }
        });
        Throwable first = failure.get();
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }
}
