package io.pastiche.spi;

import io.pastiche.BackendException;
import io.pastiche.Device;

/**
 * The entry point of a backend module, found by {@link java.util.ServiceLoader} (register it in
 * {@code META-INF/services/io.pastiche.spi.BackendProvider}, for example with Google AutoService).
 *
 * <p>A provider is cheap: constructing it, {@link #name()}, {@link #rank()} and {@link #availability()} load no
 * native library and throw nothing. The heavy work happens in {@link #open()}.
 */
public interface BackendProvider {

    /** A short lower-case name users select the backend by, for example {@code djl}. */
    String name();

    /** Higher is preferred when the user names no backend. */
    int rank();

    /** Whether this backend can be opened here, checked without loading natives; never throws. */
    Availability availability();

    /**
     * Loads the engine. Any failure, native ones included, is wrapped into one
     * {@link io.pastiche.BackendException} that says what to fix.
     */
    Backend open();

    /**
     * Loads the engine to run on a device. The default serves providers without GPU support: {@link Device#GPU}
     * is refused, the others open the CPU engine.
     *
     * @throws io.pastiche.BackendException as {@link #open()}, and if the device is not available here (the message
     *                                      names the native artifact a GPU needs)
     */
    default Backend open(Device device) {
        if (device == Device.GPU) {
            throw new BackendException("the " + name() + " backend has no GPU support; use one that has (docs/spi.md)");
        }
        return open();
    }
}
