package io.pastiche.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checks every command makes of the one file it writes, before it does any work. */
final class OutputFile {

    private OutputFile() {
    }

    /**
     * @param file   the file the command will write
     * @param option how the user named it, for example {@code -o}
     * @param kind   what it is, for example {@code model file}
     * @param force  whether {@code --force} allows replacing it
     * @throws CliException if it is a folder, or exists without {@code --force}
     */
    static void checkReplaceable(Path file, String option, String kind, boolean force) {
        if (Files.isDirectory(file)) {
            throw new CliException(option + " " + file + " is a folder; name the " + kind + " to write");
        }
        if (Files.exists(file) && !force) {
            throw new CliException(file + " exists; use --force to replace it, or " + option + " another file");
        }
    }
}
