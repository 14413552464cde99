package io.pastiche.spi;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The pieces that providers' availability checks ({@link BackendProvider#availability()}) share: a check that never
 * throws, a class looked up without initialising it, and JavaCPP's platform names. None loads native code.
 */
public final class Probes {

    private Probes() {
    }

    /**
     * Runs a provider's availability check so that it never throws.
     *
     * @param engine as the reason names it, for example {@code "TensorFlow"}
     * @param check  the provider's own check, which may throw
     * @return what {@code check} says, or, if it throws, unavailable with "the {@code engine} availability check
     *         failed: " and the exception: a provider's availability never throws
     */
    public static Availability neverThrowing(String engine, Supplier<Availability> check) {
        try {
            return check.get();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("the " + engine + " availability check failed: " + e);
        }
    }

    /**
     * Whether {@code loader} finds the class; it is neither initialised nor linked, so no native code loads.
     *
     * @param loader the class loader to ask
     * @param name   the class's binary name, for example {@code "ai.djl.engine.Engine"}
     * @return true if found; false if not found or it fails to link
     */
    public static boolean hasClass(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * JavaCPP's platform names, which the native jars of TensorFlow Java and ND4J are classified by.
     *
     * @param osName the {@code os.name} system property, for example {@code "Mac OS X"}
     * @param osArch the {@code os.arch} system property, for example {@code "aarch64"}
     * @return for example {@code linux-x86_64} or {@code macosx-arm64}
     */
    public static String javacppPlatform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String family = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "macosx"
                : os.startsWith("windows") ? "windows"
                : os.replace(' ', '_');
        String cpu = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return family + "-" + cpu;
    }
}
