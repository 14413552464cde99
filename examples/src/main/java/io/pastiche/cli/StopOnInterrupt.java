package io.pastiche.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP during a long command: a JVM shutdown hook that asks the work to stop at its
 * next safe point (after the training step, or the image, in progress), then holds the JVM (for a bounded time)
 * until the work has finished it, closed its engine and said where it stopped. Without it, training would lose
 * every step since the last checkpoint, and the JVM would exit while the engine's native code runs (a crash
 * report, and a half-written file).
 *
 * <p>The JVM then exits with 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
 *
 * <p>The hook body is {@link #interrupted()}; tests call it from a training listener, on another thread as the
 * JVM would, instead of sending a signal.
 */
final class StopOnInterrupt implements AutoCloseable {

    /** How long the hook waits for the run: a step of a large batch on a slow machine, and the checkpoint. */
    static final Duration WAIT = Duration.ofMinutes(5);

    /** What the hook says of a training run while it waits. */
    static final String TRAINING = "stopping after the current step, with a checkpoint (waiting up to %s; kill -9 "
            + "abandons the steps since the last checkpoint)";

    private final Runnable stop;
    private final Consumer<String> say;
    private final Duration wait;
    private final String stopping;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::interrupted, "pastiche-stop");
    private volatile boolean requested;

    /**
     * @param stop asks the run to stop ({@code trainer::requestStop})
     * @param say  prints a line for the user
     */
    StopOnInterrupt(Runnable stop, Consumer<String> say, Duration wait) {
        this(stop, say, wait, TRAINING);
    }

    /**
     * @param stopping what the hook says while it waits; {@code %s} is replaced by how long it waits at most
     */
    StopOnInterrupt(Runnable stop, Consumer<String> say, Duration wait, String stopping) {
        this.stop = stop;
        this.say = say;
        this.wait = wait;
        this.stopping = stopping;
    }

    /** Registers the hook with the JVM. */
    StopOnInterrupt install() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** The hook: asks the run to stop and waits for it to finish. */
    void interrupted() {
        requested = true;
        stop.run();
        say.accept(String.format(stopping, describe(wait)));
        try {
            if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                say.accept("gave up waiting for the run to stop; the files written so far are kept");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Duration wait) {
        long minutes = wait.toMinutes();
        return minutes >= 1 && wait.toSecondsPart() == 0 ? minutes + " minute" + (minutes == 1 ? "" : "s")
                : wait.toSeconds() + " seconds";
    }

    /** Whether a stop was asked for. */
    boolean requested() {
        return requested;
    }

    /** The run is over and has said so: lets a waiting hook (and the JVM) go, and unregisters the hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running, and returns now that the latch is open.
        }
    }
}
