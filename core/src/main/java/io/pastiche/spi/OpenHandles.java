package io.pastiche.spi;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Backend}'s record of the compiled networks and training graphs it made that are still open, so that
 * closing the backend closes them too ({@link Backend#close()}). Each handle is added when made and removes itself
 * when closed, by calling {@link #remove} (usually given to it as {@code handles::remove}). Thread-safe.
 *
 */
final class OpenHandles {

    private final String name;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates an empty, open record.
     *
     * @param name the backend, as a call after close names it: "this {@code name} is closed"
     */
    OpenHandles(String name) {
        this.name = name;
    }

    /**
     * Checks that the backend is still open, before it makes a new handle.
     *
     * @throws IllegalStateException "this {@code name} is closed" once {@link #closeAll} has been called
     */
    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this " + name + " is closed");
        }
    }

    /**
     * Records a handle just made.
     *
     * @param <T>    the handle's type
     * @param handle a compiled network or training graph that calls {@link #remove} when it closes
     * @return {@code handle}, now closed with the backend unless it is closed (and {@link #remove}d) before
     */
    <T extends AutoCloseable> T add(T handle) {
        open.add(handle);
        return handle;
    }

    /**
     * Forgets a handle that has closed; nothing if it is not here.
     *
     * @param handle the handle that closed
     */
    void remove(Object handle) {
        open.remove(handle);
    }

    /**
     * The first time only: marks the backend closed, then closes every handle still open.
     *
     * @return true if this call closed them, so that the backend frees its own resources once; false if
     *         {@link #closeAll} had been called before
     * @throws IllegalStateException "could not close" the first handle whose {@code close()} threw, with that
     *                               exception as the cause; the handles after it stay open
     */
    boolean closeAll() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        for (AutoCloseable handle : new ArrayList<>(open)) {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + handle, e);
            }
        }
        return true;
    }
}
