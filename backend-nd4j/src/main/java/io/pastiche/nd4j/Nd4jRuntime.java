package io.pastiche.nd4j;

import io.pastiche.BackendException;
import io.pastiche.Device;
import io.pastiche.spi.CpuFeatures;
import io.pastiche.spi.NativeEnvironment;
import io.pastiche.spi.Probes;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J once per JVM, with the native build this CPU can run ({@link NativeBuildChoice}); every failure to do so
 * becomes one {@link BackendException} that names the fix.
 */
final class Nd4jRuntime {

    static final String VERSION = "1.0.0-M2.1";
    /** Names the native build to load instead of choosing one, for example {@code onednn-avx512}. */
    static final String BUILD_PROPERTY = "pastiche.nd4j.build";
    /** JavaCPP's own setting for the same, which pastiche honours as a request too. */
    static final String JAVACPP_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** Every nd4j-native classifier jar holds this file, under its platform and extension. */
    private static final String MARKER = "META-INF/native-image/%s/jnind4jcpu/jni-config.json";
    /** OpenMP's choice between spinning and sleeping idle threads (read once, when libnd4j's libgomp loads). */
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    /** The key of JavaCPP's platform extension in its loaded properties. */
    private static final String EXTENSION_KEY = "platform.extension";

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);

    private static volatile NativeBuild started;

    private Nd4jRuntime() {
    }

    /** The build this JVM should load, or why none can run; loads nothing. */
    static NativeBuildChoice choice(ClassLoader loader) {
        String platform = Probes.javacppPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        String requested = System.getProperty(BUILD_PROPERTY);
        if (requested == null && System.getProperty(JAVACPP_EXTENSION_PROPERTY) != null) {
            requested = System.getProperty(JAVACPP_EXTENSION_PROPERTY);
        }
        return NativeBuildChoice.choose(platform, CpuFeatures.current(),
                classifier -> loader.getResource(MARKER.formatted(classifier)) != null, requested);
    }

    /**
     * @throws BackendException if ND4J's loaded backend (CPU or CUDA) is not the device asked for
     */
    static void checkDevice(Device device) {
        boolean cuda = Nd4j.getBackend().getClass().getName().contains("JCublas");
        if (device == Device.GPU && !cuda) {
            throw new BackendException("ND4J runs on the CPU here (nd4j-native); a GPU needs "
                    + "org.nd4j:nd4j-cuda-11.6:" + VERSION + " (with its linux-x86_64 natives and CUDA 11.6) instead "
                    + "of nd4j-native (docs/backend-nd4j.md); or ask for Device.CPU or AUTO");
        }
        if (device == Device.CPU && cuda) {
            throw new BackendException("ND4J runs on its CUDA backend here (nd4j-cuda on the class path), which "
                    + "cannot run on the CPU; use org.nd4j:nd4j-native for the CPU, or ask for Device.GPU or AUTO");
        }
    }

    /** The build loaded by {@link #start()}; null before. */
    static NativeBuild loadedBuild() {
        return started;
    }

    static synchronized void start() {
        if (started != null) {
            return;
        }
        NativeBuildChoice choice = choice(Nd4jRuntime.class.getClassLoader());
        if (!choice.possible()) {
            throw new BackendException("ND4J cannot run here: " + choice.problem() + " (docs/backend-nd4j.md)");
        }
        NativeBuild build = choice.build();
        routeJavaCppLoggingToSlf4j();
        // Idle OpenMP threads sleep unless the user chose otherwise: between two native operations pastiche runs its
        // Java passes (normalisation, padding) on the other cores, which spinning threads would take (10 % slower at
        // 512 x 512 on 2 cores; docs/backend-nd4j.md, Threads). Read from the C environment when libgomp loads.
        NativeEnvironment.setDefault(WAIT_POLICY, "PASSIVE");
        try {
            loadWith(build);
            started = build;
            LOG.debug("ND4J loaded its {} native build on {}", build.userName(), CpuFeatures.current());
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException("ND4J could not start its " + build.userName() + " native build: " + e
                    + ". It needs " + NativeBuildChoice.ARTIFACT + " with the classifier of this platform (for example "
                    + "linux-x86_64-onednn-avx2) and org.bytedeco:javacpp and openblas with theirs; see "
                    + "docs/backend-nd4j.md", e);
        }
    }

    /**
     * JavaCPP writes its warnings (such as "Versions of org.bytedeco:javacpp:1.5.11 and org.bytedeco:openblas:0.3.19-1.5.7
     * do not match", harmless here) straight to stderr unless told to use SLF4J; it reads the setting when its first
     * class loads. An application's own choice is kept.
     */
    private static void routeJavaCppLoggingToSlf4j() {
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
    }

    /**
     * Loads ND4J with JavaCPP's platform extension set to the build's. JavaCPP reads that setting once per JVM into
     * properties it caches (a later system property is ignored once any JavaCPP library, TensorFlow's for example, has
     * loaded), so it is set there, and put back afterwards so that other JavaCPP libraries are not affected.
     */
    private static void loadWith(NativeBuild build) {
        Properties javacpp = Loader.loadProperties();
        String before = javacpp.getProperty(EXTENSION_KEY);
        if (build != NativeBuild.PLAIN) {
            javacpp.setProperty(EXTENSION_KEY, build.extension());
        }
        try {
            // The first array loads the backend, its native library and OpenBLAS.
            Nd4j.create(DataType.FLOAT, 1).close();
        } finally {
            if (before == null) {
                javacpp.remove(EXTENSION_KEY);
            } else {
                javacpp.setProperty(EXTENSION_KEY, before);
            }
        }
    }
}
