package io.pastiche;

import java.util.Locale;

/**
 * A call needs more memory than the process can have: refused before it starts where pastiche can tell (an engine may
 * crash the process when an allocation fails deep inside it), or reported by the engine when an allocation failed.
 * The message gives the sizes and what to do: a smaller image, fewer images per call, or more memory.
 */
public class NativeMemoryException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /** The bytes that could not be had; 0 if unknown. */
    private final long requiredBytes;

    /**
     * Creates the exception.
     *
     * @param message       what failed and what to do
     * @param requiredBytes the bytes that could not be had (the estimate, or the allocation that failed); 0 if
     *                      unknown
     * @param cause         the engine's failure, or null when the call was refused before it started
     */
    public NativeMemoryException(String message, long requiredBytes, Throwable cause) {
        super(message, cause);
        this.requiredBytes = requiredBytes;
    }

    /**
     * The bytes that could not be had.
     *
     * @return the estimate of a refused call or the size of the allocation that failed; 0 if the engine did not say
     */
    public long requiredBytes() {
        return requiredBytes;
    }

    /**
     * A size for messages: {@code 1.2 GB}, {@code 350 MB}.
     *
     * @param bytes a size in bytes
     * @return GB with one decimal from 1 GB up, else whole MB, at least {@code 1 MB} (1 GB = 2^30 bytes, 1 MB =
     *         2^20)
     */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", Math.max(1, bytes >> 20));
    }

    /**
     * What to do, for the end of every message.
     *
     * @return the advice: a smaller image, fewer images per call, or more memory
     */
    public static String advice() {
        return "scale the image down (LoadOptions.withMaxPixels, the CLI's --max-size), stylize fewer images per "
                + "call, or give the process more memory (fewer other jobs, a larger container)";
    }
}
