package io.pastiche.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ctrl-C during training: a JVM shutdown hook that asks the run to stop after its current step, then holds the
 * JVM (at most {@link #WAIT}) until the run has written its checkpoint and said where it stopped. Without it,
 * Ctrl-C would lose every step since the last checkpoint.
 *
 * <p>The hook body is {@link #interrupted()}; tests call it from a training listener, on another thread as the
 * JVM would, instead of sending a signal.
 */
final class StopOnInterrupt implements AutoCloseable {

    /** How long the hook waits for the run: a step of a large batch on a slow machine, and the checkpoint. */
    static final Duration WAIT = Duration.ofMinutes(5);

    private final Runnable stop;
    private final Consumer<String> say;
    private final Duration wait;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::interrupted, "pastiche-stop-training");
    private volatile boolean requested;

    /**
     * @param stop asks the run to stop ({@code trainer::requestStop})
     * @param say  prints a line for the user
     */
    StopOnInterrupt(Runnable stop, Consumer<String> say, Duration wait) {
        this.stop = stop;
        this.say = say;
        this.wait = wait;
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
        say.accept("stopping after the current step, with a checkpoint (waiting up to " + wait.toMinutes()
                + " minutes; kill -9 abandons the steps since the last checkpoint)");
        try {
            if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                say.accept("gave up waiting for the run to stop; the last checkpoint written is kept");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
