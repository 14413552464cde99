package io.pastiche.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, from Linux's /proc/self/status. */
final class Resident {

    static final Path STATUS = Path.of("/proc/self/status");

    private Resident() {
    }

    /**
     * After two collections with a pause each: ND4J and JavaCPP free some native memory (op arguments, shape
     * buffers) from their own threads once the collector has found the Java objects that owned it.
     */
    static long kb() throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(300);
        }
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS line in " + STATUS);
    }
}
