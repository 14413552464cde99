package io.pastiche.nd4j;

import io.pastiche.spi.Availability;
import io.pastiche.spi.Probes;

/**
 * The cheap availability check of the provider: ND4J's classes and a native library for a platform on the class
 * path. It initialises no ND4J class, loads no native code and never throws.
 */
final class Probe {

    private static final String API_CLASS = "org.nd4j.linalg.factory.Nd4j";
    /** The CPU backend (nd4j-native) and the CUDA one (nd4j-cuda-11.6); either will do. */
    private static final String[] BACKEND_CLASSES = {
        "org.nd4j.linalg.cpu.nativecpu.CpuBackend", "org.nd4j.linalg.jcublas.JCublasBackend"};
    /** Every nd4j-native classifier jar holds this folder, named after its platform and extension. */
    private static final String NATIVE_FOLDER = "META-INF/native-image/";

    private Probe() {
    }

    static Availability check(ClassLoader loader) {
        return Probes.neverThrowing("ND4J", () -> checkOrThrow(loader));
    }

    private static Availability checkOrThrow(ClassLoader loader) {
        if (!Probes.hasClass(loader, API_CLASS)) {
            return Availability.no("class " + API_CLASS + " not found: add org.nd4j:nd4j-native (a dependency of "
                    + "io.pastiche:pastiche-backend-nd4j) to the class path");
        }
        if (Probes.hasClass(loader, BACKEND_CLASSES[1])) {
            return Availability.yes(); // CUDA: its natives are checked when it loads
        }
        if (!Probes.hasClass(loader, BACKEND_CLASSES[0])) {
            return Availability.no("no ND4J backend found: add org.nd4j:nd4j-native:1.0.0-M2.1 to the class path");
        }
        String platform = Probes.javacppPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        for (String extension : Nd4jEngine.EXTENSIONS) {
            if (loader.getResource(NATIVE_FOLDER + platform + extension + "/jnind4jcpu/jni-config.json") != null) {
                return Availability.yes();
            }
        }
        return Availability.no("ND4J's native library for " + platform + " is missing: add org.nd4j:nd4j-native:"
                + "1.0.0-M2.1 with classifier " + platform + " (or " + platform + "-onednn) to the class path");
    }
}
