package io.pastiche.tiling;

/**
 * Where one tiled call's feature maps live while it runs: native memory ({@link MapMemory}) or spill files
 * ({@link SpillFiles}). Closed when the call ends, after its maps.
 */
interface MapStorage extends AutoCloseable {

    /**
     * A new map of this shape, its storage lent until the map is closed.
     *
     * @throws io.pastiche.NativeMemoryException if memory cannot be had
     * @throws java.io.UncheckedIOException      if a spill file cannot be created
     */
    FeatureStore map(int batch, int channels, int height, int width);

    /** Frees the storage given back; what is still lent is freed when it is given back. */
    @Override
    void close();
}
