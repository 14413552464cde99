package io.pastiche.spi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's native environment, the one C code reads with {@code getenv}. Some engine settings exist only
 * there and are read once, when the engine's library loads or first runs (TensorFlow's {@code TF_ENABLE_ONEDNN_OPTS},
 * PyTorch's {@code THP_MEM_ALLOC_ENABLE}, OpenMP's {@code OMP_WAIT_POLICY}); {@link System#getenv} is a copy taken
 * when the JVM started and cannot change them. A backend calls {@link #setDefault} just before it loads its engine,
 * so that the engine starts with the setting pastiche measured best unless the user chose one.
 *
 * <p>Calls the C library through JNA ({@code setenv} on Linux and macOS, {@code _putenv_s} on Windows). C's
 * environment is not safe to change while another thread reads it, so this is for start-up, before the engine's
 * threads exist; the methods are synchronized among themselves.
 */
public final class NativeEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);

    private NativeEnvironment() {
    }

    /** The C library's functions used here (JNA maps each method by name). */
    private interface CLibrary extends Library {
        String getenv(String name);
    }

    private interface Posix extends CLibrary {
        int setenv(String name, String value, int overwrite);
    }

    private interface Msvcrt extends CLibrary {
        int _putenv_s(String name, String value);
    }

    /** Loaded at the first call, under this class's lock (both methods hold it). */
    private static CLibrary library;

    private static CLibrary library() {
        if (library == null) {
            library = Platform.isWindows() ? Native.load("msvcrt", Msvcrt.class) : Native.load("c", Posix.class);
        }
        return library;
    }

    /**
     * Sets {@code name} to {@code value} in the native environment unless it is set already, however it got there
     * (the user's shell, a launcher, an earlier call).
     *
     * @param name  the variable, for example {@code "TF_ENABLE_ONEDNN_OPTS"}
     * @param value its value
     * @return true if this call set it; false if it was set already or the C library could not be called (a
     *         platform JNA has no native part for, or a JVM that forbids native access), which is logged at
     *         debug level and leaves the engine at its own default
     */
    public static synchronized boolean setDefault(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        try {
            CLibrary c = library();
            if (c.getenv(name) != null) {
                return false;
            }
            return (c instanceof Msvcrt windows ? windows._putenv_s(name, value)
                    : ((Posix) c).setenv(name, value, 0)) == 0;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not set {}={} in the native environment: {}", name, value, e.toString());
            return false;
        }
    }

    /**
     * The native environment's value of a variable, which {@link System#getenv} does not see if it was set after
     * the JVM started.
     *
     * @param name the variable
     * @return its value, or null if it is unset or the C library could not be called
     */
    public static synchronized String get(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return library().getenv(name);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not read {} from the native environment: {}", name, e.toString());
            return null;
        }
    }
}
