package io.pastiche.spi;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The open/closed state of something that holds native memory, such as a {@link CompiledNetwork} or a
 * {@link TrainingGraph}: calls run only while it is open, and closing waits for the calls in flight, so native
 * memory is never freed under a running call. Calls share a read lock; {@link #close} takes the write lock.
 * Thread-safe.
 *
 */
final class CloseGuard {

    private final String name;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Written under the write lock, read under either. */
    private boolean closed;

    /**
     * @param name what is guarded, as a call after close names it: "this {@code name} is closed"
     */
    CloseGuard(String name) {
        this.name = name;
    }

    /**
     * Runs a call if still open; {@link #close} waits until it returns. Calls run concurrently with each other.
     *
     * @param <T>  what the call returns
     * @param call the work that uses the native memory
     * @return what the call returns
     * @throws IllegalStateException "this {@code name} is closed", without running the call, if closed
     */
    <T> T run(Supplier<T> call) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this " + name + " is closed");
            }
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Closes, the first time only: waits for the calls in flight, marks this closed, then runs {@code release}
     * (still holding the write lock, so no call starts before it is done). If {@code release} throws, this stays
     * closed and the exception propagates; a later close does nothing. Not to be called from inside a call, which
     * would wait for itself.
     *
     * @param release frees what the calls used
     * @return true if this call closed it, so that the caller tells its owner once; false if it was closed already
     */
    boolean close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            release.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
