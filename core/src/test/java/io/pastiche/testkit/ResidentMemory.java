package io.pastiche.testkit;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * The process's resident memory (VmRSS, from Linux's {@code /proc/self/status}), which the Java heap limits do not
 * see: the backends' memory tests measure with it that calls free their native memory. Those tests' surefire
 * configurations fix and pre-touch the Java heap, so that the heap does not move the resident size.
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final int collections;
    private final Duration pause;

    private ResidentMemory(int collections, Duration pause) {
        this.collections = collections;
        this.pause = pause;
    }

    /** Read after one garbage collection: enough where closing a handle frees its native memory at once. */
    public static ResidentMemory afterOneCollection() {
        return new ResidentMemory(1, Duration.ZERO);
    }

    /**
     * Read after {@code collections} garbage collections, each followed by {@code pause}: for engines that free some
     * native memory from their own threads once the collector has found the Java objects that owned it (ND4J and
     * JavaCPP free op arguments and shape buffers so).
     */
    public static ResidentMemory afterCollections(int collections, Duration pause) {
        return new ResidentMemory(collections, pause);
    }

    /** Skips the calling test where there is no {@code /proc/self/status} to read. */
    public static void assumeMeasurable() {
        assumeThat(Files.isReadable(STATUS)).as("needs Linux's /proc/self/status").isTrue();
    }

    /**
     * The resident size before and after {@code calls} runs of {@code call}, after {@code warmUp} runs; each loop
     * gives {@code call} its index from 0.
     */
    public Growth growth(int warmUp, int calls, IntConsumer call) throws IOException {
        for (int i = 0; i < warmUp; i++) {
            call.accept(i);
        }
        long before = kb();
        for (int i = 0; i < calls; i++) {
            call.accept(i);
        }
        return new Growth(before, kb());
    }

    /** The resident size in kB, after the collections. */
    public long kb() throws IOException {
        for (int i = 0; i < collections; i++) {
            System.gc();
            sleep();
        }
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS line in " + STATUS);
    }

    private void sleep() throws InterruptedIOException {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted between garbage collections");
        }
    }

    /**
     * @param beforeKb the resident size after the warm-up
     * @param afterKb  the resident size after the measured calls
     */
    public record Growth(long beforeKb, long afterKb) {

        /** How much the resident size grew over the measured calls, in kB (negative if it shrank). */
        public long kb() {
            return afterKb - beforeKb;
        }
    }
}
