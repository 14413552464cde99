package io.pastiche.cli;

import io.pastiche.files.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The temporary files that writes killed with {@code kill -9} (or a power cut) left in the folders a command
 * writes into, removed when the next command starts. Shutdown by a signal that runs hooks leaves none.
 */
final class Leftovers {

    /**
     * Older than this, a temporary file is a leftover: a write in progress keeps its file fresh and ends within
     * seconds or minutes. Age rather than a process id decides (see {@link AtomicWrite#removeStale}).
     */
    static final Duration STALE = Duration.ofHours(1);

    private Leftovers() {
    }

    /** Removes the stale temporary files of each folder (once per folder; missing folders are skipped). */
    static List<Path> remove(List<Path> folders) throws IOException {
        Set<Path> unique = new LinkedHashSet<>();
        for (Path folder : folders) {
            if (folder != null) {
                unique.add(folder.toAbsolutePath().normalize());
            }
        }
        List<Path> removed = new ArrayList<>();
        for (Path folder : unique) {
            removed.addAll(AtomicWrite.removeStale(folder, STALE));
        }
        return removed;
    }

    /** "removed 2 temporary files left by a killed run: ...", or null if none were. */
    static String describe(List<Path> removed) {
        if (removed.isEmpty()) {
            return null;
        }
        return "removed " + removed.size() + " temporary file" + (removed.size() == 1 ? "" : "s") + " left by a "
                + "run that was killed: " + removed;
    }
}
