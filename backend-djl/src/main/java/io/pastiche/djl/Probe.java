package io.pastiche.djl;

import io.pastiche.spi.Availability;
import io.pastiche.spi.Probes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The cheap availability check of the provider: classes and resources on the class path, the platform, and
 * whether the native library can be found without downloading it. It loads no native code, initialises no DJL
 * class and never throws.
 */
final class Probe {

    /** Platforms that DJL's {@code pytorch-jni} 2.7.1-0.36.0 ships a JNI bridge for. */
    static final String SUPPORTED_PLATFORMS = "linux-x86_64, linux-aarch64, osx-aarch64, win-x86_64";

    private static final String[] CLASSES = {"ai.djl.engine.Engine", "ai.djl.pytorch.engine.PtEngineProvider"};
    /** In {@code ai.djl.pytorch:pytorch-jni}. */
    private static final String JNI_RESOURCE = "jnilib/pytorch.properties";
    /** In {@code ai.djl.pytorch:pytorch-native-cpu} (or a {@code pytorch-native-cuXXX}) for the platform. */
    private static final String NATIVE_RESOURCE = "native/lib/pytorch.properties";

    private Probe() {
    }

    static Availability check(ClassLoader loader) {
        return Probes.neverThrowing("DJL", () -> checkOrThrow(loader, System.getProperty("os.name", ""),
                System.getProperty("os.arch", "")));
    }

    static Availability checkOrThrow(ClassLoader loader, String osName, String osArch) {
        for (String name : CLASSES) {
            if (!Probes.hasClass(loader, name)) {
                return Availability.no("class " + name + " not found: add ai.djl:api and ai.djl.pytorch:pytorch-engine "
                        + "(dependencies of io.pastiche:pastiche-backend-djl) to the class path");
            }
        }
        String platform = platform(osName, osArch);
        if (!SUPPORTED_PLATFORMS.contains(platform)) {
            return Availability.no("DJL's PyTorch engine has no native library for " + platform + " (os.name="
                    + osName + ", os.arch=" + osArch + "); supported: " + SUPPORTED_PLATFORMS);
        }
        if (downloadsAllowed()) {
            return Availability.yes();
        }
        boolean cached = cacheHoldsPyTorch();
        if (loader.getResource(JNI_RESOURCE) == null && !cached) {
            return Availability.no("the DJL PyTorch JNI bridge is missing: add ai.djl.pytorch:pytorch-jni:"
                    + "2.7.1-0.36.0 (runtime) to the class path");
        }
        if (loader.getResource(NATIVE_RESOURCE) == null && setting("PYTORCH_LIBRARY_PATH") == null && !cached) {
            return Availability.no("the PyTorch native library is missing: add ai.djl.pytorch:pytorch-native-cpu:2.7.1 "
                    + "with classifier " + platform + " (runtime), or set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 "
                    + "folder, or allow DJL to download it with -Dai.djl.offline=false");
        }
        return Availability.yes();
    }

    /** DJL's platform names, for example {@code linux-x86_64} or {@code osx-aarch64}. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String family = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "osx"
                : os.startsWith("windows") ? "win"
                : os.replace(' ', '_');
        String cpu = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return family + "-" + cpu;
    }

    /** True only if the user turned DJL's offline mode off; {@link DjlRuntime#start()} turns it on otherwise. */
    private static boolean downloadsAllowed() {
        String offline = setting(DjlRuntime.OFFLINE_ENV, DjlRuntime.OFFLINE_PROPERTY);
        return offline != null && offline.trim().equalsIgnoreCase("false");
    }

    /** A folder of an earlier extraction or download of PyTorch under DJL's engine cache. */
    private static boolean cacheHoldsPyTorch() {
        try {
            Path dir = engineCacheDir().resolve("pytorch");
            if (!Files.isDirectory(dir)) {
                return false;
            }
            try (var entries = Files.list(dir)) {
                return entries.anyMatch(Files::isDirectory);
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** Where DJL extracts the native library: ENGINE_CACHE_DIR, else DJL_CACHE_DIR, else ~/.djl.ai. */
    static Path engineCacheDir() {
        for (String name : new String[] {"ENGINE_CACHE_DIR", "DJL_CACHE_DIR"}) {
            String env = System.getenv(name);
            String value = env != null && !env.isBlank() ? env : System.getProperty(name);
            if (value != null && !value.isBlank()) {
                return Paths.get(value);
            }
        }
        return Paths.get(System.getProperty("user.home", "."), ".djl.ai");
    }

    private static String setting(String name) {
        return setting(name, name);
    }

    private static String setting(String env, String property) {
        String value = System.getenv(env);
        return value != null && !value.isBlank() ? value : System.getProperty(property);
    }
}
