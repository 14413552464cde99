package io.pastiche.spi;

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
     * Starts the engine to run on a device: what a backend implements. Any failure, native ones included, is
     * wrapped into one {@link io.pastiche.BackendException} that says what to fix.
     *
     * @param device where to run; not null ({@link Device#AUTO}: a GPU if the native artifact on the class path
     *               has one, else the CPU)
     * @return the started engine; {@link #open(Device)} wraps it
     * @throws io.pastiche.BackendException if the engine cannot be loaded, or the device is not available here (the
     *                                      message names the native artifact a GPU needs)
     */
    Engine start(Device device);

    /**
     * Opens the backend on its default device: {@link #open(Device) open(Device.AUTO)}.
     *
     * @return the opened backend; the caller closes it
     * @throws io.pastiche.BackendException if the engine cannot be loaded
     */
    default Backend open() {
        return open(Device.AUTO);
    }

    /**
     * Opens the backend on a device: {@link #start} wrapped in core's {@link Backend}, which checks every call's
     * arguments, tracks what is compiled and closes it with the engine. Not meant to be overridden.
     *
     * @param device where to run; not null
     * @return the opened backend; the caller closes it
     * @throws io.pastiche.BackendException as {@link #start}
     */
    default Backend open(Device device) {
        return new Backend(name(), start(device));
    }
}
