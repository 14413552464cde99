package io.pastiche.tiling;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file that spilled maps are written to, open for positional reads and writes. It is opened with
 * {@code DELETE_ON_CLOSE} (on Linux its name is gone once it is open) and deleted by {@link #close()}, so neither a
 * failed nor an interrupted call leaves it behind, and the JVM's exit removes it if close never runs.
 *
 * @param path    where it is
 * @param channel its channel
 */
record SpillFile(Path path, FileChannel channel) implements Closeable {

    /**
     * Creates one.
     *
     * @param folder where it goes; null for the system's temporary folder
     * @throws UncheckedIOException if it cannot be created
     */
    static SpillFile create(Path folder) {
        try {
            Path file = folder == null ? Files.createTempFile("pastiche-tiles-", ".f32")
                    : Files.createTempFile(folder, "pastiche-tiles-", ".f32");
            file.toFile().deleteOnExit();
            return new SpillFile(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the picture's feature maps (" + e
                    .getMessage() + "); free disk space in the temporary folder, or give the call more memory", e);
        }
    }

    /** Closes and deletes the file. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
