package io.pastiche.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal, where a progress bar may redraw itself; a log file wants plain lines. */
final class Terminal {

    private Terminal() {
    }

    static boolean stderr() {
        // Linux says where stderr goes; System.console() only tells about stdin and stdout (2> log keeps it).
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
