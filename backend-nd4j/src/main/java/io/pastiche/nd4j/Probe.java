package io.pastiche.nd4j;

import io.pastiche.spi.Availability;
import io.pastiche.spi.Probes;

/**
 * The cheap availability check of the provider: ND4J's classes on the class path and a native build among its jars
 * that this CPU can run. It initialises no ND4J class, loads no native code and never throws.
 */
final class Probe {

    private static final String API_CLASS = "org.nd4j.linalg.factory.Nd4j";
    /** The CPU backend (nd4j-native) and the CUDA one (nd4j-cuda-11.6); either will do. */
    private static final String[] BACKEND_CLASSES = {
        "org.nd4j.linalg.cpu.nativecpu.CpuBackend", "org.nd4j.linalg.jcublas.JCublasBackend"};

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
            return Availability.no("no ND4J backend found: add " + NativeBuildChoice.ARTIFACT + " to the class path");
        }
        NativeBuildChoice choice = Nd4jRuntime.choice(loader);
        return choice.possible() ? Availability.yes() : Availability.no(choice.problem());
    }
}
