package io.pastiche.tiling;

import java.nio.file.Path;

/**
 * The temporary files of one tiled call's spilled maps, lent to one map ({@link FileStore}) after another
 * ({@link BlockLender}) and deleted when the call ends. A map overwrites the pages its file already has in the
 * operating system's cache instead of having new ones made for it: with a file per map, deleted after its layer,
 * a spilled 8192 x 8192 call spent a third of a core in the kernel making cache pages (docs/benchmarks.md).
 * Thread-safe.
 */
final class SpillFiles implements MapStorage {

    private final Path folder;
    private final BlockLender<SpillFile> files = new BlockLender<>();

    /**
     * @param folder where the files go; null for the system's temporary folder
     */
    SpillFiles(Path folder) {
        this.folder = folder;
    }

    @Override
    public FeatureStore map(int batch, int channels, int height, int width) {
        return new FileStore(batch, channels, height, width, this);
    }

    /**
     * A file for a map of {@code bytes}, a free one if there is one.
     *
     * @throws java.io.UncheckedIOException if a new file cannot be created
     */
    SpillFile take(long bytes) {
        return files.take(bytes, () -> SpillFile.create(folder));
    }

    /** Takes a file back for the next map; after {@link #close()}, deletes it. */
    void give(SpillFile file) {
        files.give(file);
    }

    /**
     * Deletes the files given back; a file still lent is deleted when it is given back.
     *
     * @throws java.io.UncheckedIOException if a file cannot be deleted
     */
    @Override
    public void close() {
        files.close();
    }
}
