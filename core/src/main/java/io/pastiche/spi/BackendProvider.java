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

    /**
     * The name users select the backend by.
     *
     * @return a short lower-case name, for example {@code djl}
     */
    String name();

    /**
     * The preference among available backends when the user names none.
     *
     * @return the rank; higher is preferred (docs/spi.md lists each backend's)
     */
    int rank();

    /**
     * Whether this backend can be opened here, checked without loading natives; never throws (see
     * {@link Probes#neverThrowing}).
     *
     * @return available, or unavailable with the reason
     */
    Availability availability();

    /**
     * Loads the engine on its default device. Any failure, native ones included, is wrapped into one
     * {@link io.pastiche.BackendException} that says what to fix.
     *
     * @return the opened backend; the caller closes it
     * @throws io.pastiche.BackendException if the engine cannot be loaded
     */
    Backend open();

    /**
     * Loads the engine to run on a device. The default serves providers without GPU support: {@link Device#GPU}
     * is refused, the others open the CPU engine.
     *
     * @param device where to run; not null
     * @return the opened backend; the caller closes it
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
