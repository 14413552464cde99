package io.pastiche.spi;

import io.pastiche.BackendException;
import io.pastiche.NativeMemoryException;
import io.pastiche.PasticheException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way for every backend to report an engine's failure during a call: out of memory as a
 * {@link NativeMemoryException} with the size that failed and what to do, anything else as a
 * {@link BackendException} naming the engine and the input.
 */
final class EngineFailures {

    /** "you tried to allocate 1024000000 bytes" (PyTorch), "Cannot allocate 1024000000 bytes" (JavaCPP). */
    private static final Pattern BYTES = Pattern.compile("(\\d{4,}) bytes");
    /** How the engines word a failed allocation. */
    private static final String[] OUT_OF_MEMORY = {"can't allocate memory", "cannot allocate", "failed to allocate",
        "out of memory", "oom when allocating", "resource exhausted", "physical bytes", "std::bad_alloc"};

    private EngineFailures() {
    }

    /**
     * What a call throws for what its engine threw: the engine's {@link Engine#failureType() failure type}, an
     * {@link OutOfMemoryError}, or a null pointer of a buffer JavaCPP could not allocate become {@link #of};
     * anything else (an argument or state error of core's, a bug) is returned unchanged.
     *
     * @param engine  the engine that ran the call
     * @param input   the call's input, named in the message by its {@code toString}
     * @param failure what the call threw
     * @return the exception to throw
     */
    static RuntimeException translate(Engine engine, Object input, Throwable failure) {
        boolean engines = failure instanceof OutOfMemoryError || engine.failureType().isInstance(failure)
                || failure instanceof NullPointerException && isOutOfMemory(failure);
        if (engines) {
            return of(engine.engineName(), input, failure);
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /**
     * The exception to throw for an engine's failure during a call.
     *
     * @param engine  as messages name it, for example {@code PyTorch}
     * @param input   the call's input, named in the message by its {@code toString}
     * @param failure what the engine threw
     * @return a {@link NativeMemoryException} if {@link #isOutOfMemory} (with the size the engine's message gives,
     *         else 0), otherwise a {@link BackendException}; either has {@code failure} as its cause
     */
    static PasticheException of(String engine, Object input, Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (isOutOfMemory(failure)) {
            Matcher bytes = BYTES.matcher(message);
            long size = bytes.find() ? Long.parseLong(bytes.group(1)) : 0;
            String what = size > 0 ? "an allocation of " + NativeMemoryException.size(size) : "an allocation";
            return new NativeMemoryException(engine + " ran out of memory running the network on " + input + " ("
                    + what + " failed: " + message + "); " + NativeMemoryException.advice(), size, failure);
        }
        return new BackendException(engine + " failed to run the network on " + input + ": " + message, failure);
    }

    /**
     * Whether the failure is an allocation that failed, as the engines and JavaCPP report one: an
     * {@link OutOfMemoryError}, JavaCPP's null pointer of a buffer it could not allocate, or a message in the
     * engines' words for it.
     *
     * @param failure what the engine threw
     * @return true if it is a failed allocation
     */
    static boolean isOutOfMemory(Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            return true;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof NullPointerException) {
            // JavaCPP's Pointer of a buffer the engine could not allocate (TensorFlow's TF_AllocateTensor)
            return message.contains("pointer.capacity") || message.contains("\"pointer");
        }
        for (String words : OUT_OF_MEMORY) {
            if (message.contains(words)) {
                return true;
            }
        }
        return false;
    }
}
