package io.pastiche;

/**
 * How {@link StyleNetwork} loads a network. Immutable; every {@code with...} returns a copy.
 *
 * <p>Defaults: the backend chosen by {@link io.pastiche.spi.Backends} (system property {@code pastiche.backend},
 * then environment variable {@code PASTICHE_BACKEND}, then the highest-ranked available backend), the engine's own
 * choice of device ({@link Device#AUTO}), and at most {@value #DEFAULT_MAX_PIXELS} pixels (4096 x 4096) per image.
 */
public final class LoadOptions {

    /** 4096 x 4096: the network then needs a few GB of memory on the CPU. */
    public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

    private final String backend;
    private final Device device;
    private final long maxPixels;

    private LoadOptions(String backend, Device device, long maxPixels) {
        this.backend = backend;
        this.device = device;
        this.maxPixels = maxPixels;
    }

    /** The defaults described above. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, Device.AUTO, DEFAULT_MAX_PIXELS);
    }

    /** Uses the named backend (for example {@code djl}); null restores the default choice. */
    public LoadOptions withBackend(String name) {
        return new LoadOptions(name, device, maxPixels);
    }

    /**
     * Runs on this device. {@link Device#GPU} needs the engine's GPU natives on the class path (docs/spi.md lists
     * them per backend) and fails to load, naming them, where they or a GPU are missing.
     */
    public LoadOptions withDevice(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("device must not be null; Device.AUTO is the default");
        }
        return new LoadOptions(backend, device, maxPixels);
    }

    /**
     * Refuses images of more pixels than this with an {@link ImageFormatException} rather than running out of
     * memory; scale large photos down first.
     */
    public LoadOptions withMaxPixels(long pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + pixels);
        }
        return new LoadOptions(backend, device, pixels);
    }

    /** The backend name asked for, or null for the default choice. */
    public String backend() {
        return backend;
    }

    /** The device asked for; {@link Device#AUTO} by default. */
    public Device device() {
        return device;
    }

    /** The largest image, in pixels, a call accepts. */
    public long maxPixels() {
        return maxPixels;
    }

    @Override
    public String toString() {
        return "LoadOptions[backend=" + (backend == null ? "default" : backend) + ", device=" + device + ", maxPixels="
                + maxPixels + "]";
    }
}
