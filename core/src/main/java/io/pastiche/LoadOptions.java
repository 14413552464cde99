package io.pastiche;

/**
 * How {@link StyleNetwork} loads a network. Immutable and thread-safe; every {@code with...} returns a copy.
 *
 * <p>Defaults: the backend chosen by {@link io.pastiche.spi.Backends} (system property {@code pastiche.backend},
 * then environment variable {@code PASTICHE_BACKEND}, then the highest-ranked available backend), the engine's own
 * choice of device ({@link Device#AUTO}), and at most {@value #DEFAULT_MAX_PIXELS} pixels (16384 x 16384) per
 * image. A picture larger than the memory budget runs in tiles, so the limit is not the network's memory but the
 * image's own: it keeps a hostile file from asking for gigabytes before it is decoded.
 */
public final class LoadOptions {

    /**
     * 16384 x 16384: a {@code TYPE_INT_RGB} image of 1 GiB. Larger calls than the memory budget allows run in tiles
     * ({@link #withMemoryBudget}).
     */
    public static final long DEFAULT_MAX_PIXELS = 16384L * 16384L;

    private final String backend;
    private final Device device;
    private final long maxPixels;
    /** Bytes a call may use; 0 for the default, what the process can still have when the call starts. */
    private final long memoryBudget;

    private LoadOptions(String backend, Device device, long maxPixels, long memoryBudget) {
        this.backend = backend;
        this.device = device;
        this.maxPixels = maxPixels;
        this.memoryBudget = memoryBudget;
    }

    /**
     * The defaults described above.
     *
     * @return the default options
     */
    public static LoadOptions defaults() {
        return new LoadOptions(null, Device.AUTO, DEFAULT_MAX_PIXELS, 0);
    }

    /**
     * Uses the named backend. The name is looked up only when a network is loaded: an unknown or unavailable one
     * is a {@link BackendException} then, never a silent fallback to another backend.
     *
     * @param name a provider's {@link io.pastiche.spi.BackendProvider#name() name}, for example {@code djl}, in any
     *             case; null (or blank) restores the default choice
     * @return a copy with that backend
     */
    public LoadOptions withBackend(String name) {
        return new LoadOptions(name, device, maxPixels, memoryBudget);
    }

    /**
     * Runs on this device. {@link Device#GPU} needs the engine's GPU natives on the class path (docs/spi.md lists
     * them per backend); loading then fails with a {@link BackendException} naming them where they or a GPU are
     * missing, or where the backend has no GPU support.
     *
     * @param device the device; not null
     * @return a copy with that device
     * @throws IllegalArgumentException if {@code device} is null
     */
    public LoadOptions withDevice(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("device must not be null; Device.AUTO is the default");
        }
        return new LoadOptions(backend, device, maxPixels, memoryBudget);
    }

    /**
     * Refuses images of more pixels than this with an {@link ImageFormatException} rather than running out of
     * memory; scale large photos down first.
     *
     * @param pixels the largest width x height accepted, at least 1
     * @return a copy with that limit
     * @throws IllegalArgumentException if {@code pixels} is less than 1
     */
    public LoadOptions withMaxPixels(long pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + pixels);
        }
        return new LoadOptions(backend, device, pixels, memoryBudget);
    }

    /**
     * The backend name asked for.
     *
     * @return the name as given to {@link #withBackend}, or null for the default choice
     */
    public String backend() {
        return backend;
    }

    /**
     * The device asked for.
     *
     * @return the device; {@link Device#AUTO} by default, never null
     */
    public Device device() {
        return device;
    }

    /**
     * The largest image a call accepts.
     *
     * @return width x height, in pixels; {@value #DEFAULT_MAX_PIXELS} by default
     */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * The memory a call may use. A call whose whole-picture estimate fits runs as one engine call, as fast as
     * possible; a larger one runs in tiles that fit, with the same result (up to float rounding), its feature maps
     * spilled to temporary files when they do not fit beside the tiles. The default budget is what the process can
     * still have when the call starts (the machine's available memory, a container's limit).
     *
     * @param bytes at least 1
     * @return new options with that budget
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public LoadOptions withMemoryBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("memoryBudget must be positive, was " + bytes);
        }
        return new LoadOptions(backend, device, maxPixels, bytes);
    }

    /**
     * The memory budget of a call.
     *
     * @return bytes, or empty for the default (what the process can still have when the call starts)
     */
    public java.util.OptionalLong memoryBudget() {
        return memoryBudget > 0 ? java.util.OptionalLong.of(memoryBudget) : java.util.OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "LoadOptions[backend=" + (backend == null ? "default" : backend) + ", device=" + device + ", maxPixels="
                + maxPixels + ", memoryBudget=" + (memoryBudget > 0 ? memoryBudget : "default") + "]";
    }
}
