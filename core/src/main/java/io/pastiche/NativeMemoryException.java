package io.pastiche;

import java.util.Locale;

/**
 * A call needs more memory than the process can have: refused before it starts where pastiche can tell (an engine may
 * crash the process when an allocation fails deep inside it), or reported by the engine when an allocation failed.
 * The message gives the sizes and what to do: a smaller image, fewer images per call, or more memory.
 */
public class NativeMemoryException extends PasticheException {

    private static final long serialVersionUID = 1L;

    private final long requiredBytes;

    /**
     * @param message       what failed and what to do
     * @param requiredBytes the bytes that could not be had (the estimate, or the allocation that failed); 0 if
     *                      unknown
     */
    public NativeMemoryException(String message, long requiredBytes, Throwable cause) {
        super(message, cause);
        this.requiredBytes = requiredBytes;
    }

    /** The bytes that could not be had; 0 if the engine did not say. */
    public long requiredBytes() {
        return requiredBytes;
    }

    /** For messages: {@code 1.2 GB}, {@code 350 MB}. */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", Math.max(1, bytes >> 20));
    }

    /** What to do, for the end of every message. */
    public static String advice() {
        return "scale the image down (LoadOptions.withMaxPixels, the CLI's --max-size), stylize fewer images per "
                + "call, or give the process more memory (fewer other jobs, a larger container)";
    }
}
