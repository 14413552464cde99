package io.pastiche.tensorflow;

import io.pastiche.spi.Availability;
import io.pastiche.spi.CpuFeatures;
import io.pastiche.spi.Probes;
import java.util.List;

/**
 * The cheap availability check of the provider: the TensorFlow Java classes are on the class path (not
 * initialised), the platform has a TensorFlow Java build, and the native classifier jar for it is on the class
 * path. It loads no native code and never throws.
 */
final class Probe {

    /** Platforms (JavaCPP names) that {@code tensorflow-core-native} 1.1.0 ships natives for. */
    static final List<String> SUPPORTED_PLATFORMS = List.of("linux-x86_64", "linux-arm64", "macosx-arm64",
            "windows-x86_64");

    static final String NATIVE_ARTIFACT = "org.tensorflow:tensorflow-core-native:" + TensorflowRuntime.VERSION;

    private static final String[] CLASSES = {
        "org.tensorflow.TensorFlow",
        "org.tensorflow.internal.c_api.global.tensorflow",
        "org.bytedeco.javacpp.Loader",
    };
    /** Where each native classifier jar keeps its libraries; the GPU jar adds {@code -gpu} to the platform. */
    private static final String NATIVE_FOLDER = "org/tensorflow/internal/c_api/";

    private Probe() {
    }

    static Availability check(ClassLoader loader) {
        return Probes.neverThrowing("TensorFlow", () -> checkOrThrow(loader, System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""), CpuFeatures.current()));
    }

    static Availability checkOrThrow(ClassLoader loader, String osName, String osArch) {
        return checkOrThrow(loader, osName, osArch, CpuFeatures.current());
    }

    static Availability checkOrThrow(ClassLoader loader, String osName, String osArch, CpuFeatures cpu) {
        for (String name : CLASSES) {
            if (!Probes.hasClass(loader, name)) {
                return Availability.no("class " + name + " not found: add org.tensorflow:tensorflow-core-api:"
                        + TensorflowRuntime.VERSION + " (a dependency of io.pastiche:pastiche-backend-tensorflow) to "
                        + "the class path");
            }
        }
        String platform = Probes.javacppPlatform(osName, osArch);
        if (!SUPPORTED_PLATFORMS.contains(platform)) {
            return Availability.no("TensorFlow Java " + TensorflowRuntime.VERSION + " has no native library for "
                    + platform + " (os.name=" + osName + ", os.arch=" + osArch + "); supported: "
                    + String.join(", ", SUPPORTED_PLATFORMS));
        }
        if (platform.endsWith("x86_64") && cpu.known() && !cpu.has("avx")) {
            // Its x86-64 natives are compiled for AVX (VEX-encoded throughout); TensorFlow aborts the process on
            // load where AVX is missing.
            return Availability.no("TensorFlow Java's natives need AVX, which " + cpu.describe() + " lacks; use "
                    + "the djl backend (pastiche-backend-djl) or nd4j with its linux-x86_64-onednn build");
        }
        String library = jniLibrary(platform);
        if (loader.getResource(NATIVE_FOLDER + platform + "/" + library) == null
                && loader.getResource(NATIVE_FOLDER + platform + "-gpu/" + library) == null) {
            return Availability.no("the TensorFlow native library is missing: add " + NATIVE_ARTIFACT
                    + " with classifier " + platform + " (or " + platform + "-gpu where it exists) to the class path; "
                    + "tensorflow-core-api does not bring it in by itself");
        }
        return Availability.yes();
    }

    /** The JNI bridge's file name inside the native jar. */
    private static String jniLibrary(String platform) {
        if (platform.startsWith("windows")) {
            return "jnitensorflow.dll";
        }
        return platform.startsWith("macosx") ? "libjnitensorflow.dylib" : "libjnitensorflow.so";
    }
}
