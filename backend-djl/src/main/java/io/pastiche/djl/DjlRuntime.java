package io.pastiche.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.pastiche.BackendException;
import io.pastiche.spi.NativeEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts DJL's PyTorch engine once per JVM: the settings it needs first, the native library, the thread count. */
final class DjlRuntime {

    static final String ENGINE_NAME = "PyTorch";
    static final String OFFLINE_PROPERTY = "ai.djl.offline";
    static final String OFFLINE_ENV = "DJL_OFFLINE";
    static final String TRACKING = "OPT_OUT_TRACKING";
    /** PyTorch's switch for putting buffers of 2 MB or more on transparent huge pages (read once, when it loads). */
    static final String HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";
    /** OpenMP's choice between spinning and sleeping idle threads (read once, when libgomp loads). */
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    /** DJL's own setting for PyTorch's intra-op threads; when the user sets it, DJL applies it and we leave it. */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);

    private static boolean threadsConfigured;

    private DjlRuntime() {
    }

    /**
     * Loads the engine, or says what to fix.
     *
     * @throws BackendException if DJL or the PyTorch native library cannot be loaded
     */
    static synchronized Engine start() {
        // Without these two settings DJL, at engine start, (1) sends a usage ping: it queries the EC2 instance
        // metadata address 169.254.169.254, which hangs or fails off AWS and is not wanted in a library, and
        // (2) downloads the PyTorch native library when no native jar is on the class path, where pastiche wants a
        // clear error instead. A value the user set, as an environment variable or a system property, is kept.
        setIfAbsent(OFFLINE_ENV, OFFLINE_PROPERTY, "true");
        setIfAbsent(TRACKING, TRACKING, "true");
        // Read from the C environment when the natives load, so set there, and only where the user has not chosen:
        // huge pages cut a large feature map's page faults 500-fold (x1.3-1.5 at 1024 x 1024), and sleeping idle
        // threads keep PyTorch from starving on a shared machine (docs/backend-djl.md, Memory pages and Threads).
        NativeEnvironment.setDefault(HUGE_PAGES, "1");
        NativeEnvironment.setDefault(WAIT_POLICY, "PASSIVE");
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | LinkageError e) {
            // EngineException (a RuntimeException) and IllegalArgumentException ("engine not found") from DJL;
            // UnsatisfiedLinkError, NoClassDefFoundError and ExceptionInInitializerError from the native loading.
            throw new BackendException(failure(e), e);
        }
        configureThreads();
        return engine;
    }

    /**
     * DJL's device for pastiche's choice: AUTO is the engine's default (its first GPU where it has one).
     *
     * @throws BackendException if a GPU is asked for and PyTorch sees none
     */
    static ai.djl.Device device(Engine engine, io.pastiche.Device device) {
        return switch (device) {
            case AUTO -> engine.defaultDevice();
            case CPU -> ai.djl.Device.cpu();
            case GPU -> {
                if (engine.getGpuCount() == 0) {
                    throw new BackendException("PyTorch sees no GPU here: the CPU natives (pytorch-native-cpu) are "
                            + "loaded, or no CUDA driver or GPU is present. A GPU needs libtorch 2.7.1 for CUDA 12.8 "
                            + "(PYTORCH_LIBRARY_PATH and PYTORCH_FLAVOR=cu128; docs/backend-djl.md); or ask for "
                            + "Device.CPU or AUTO");
                }
                yield ai.djl.Device.gpu();
            }
        };
    }

    /**
     * PyTorch's intra-op thread pool (the one convolutions use) is sized to the processors this JVM may use, unless
     * the user chose a size with {@value #THREADS_PROPERTY} or the environment variable {@code OMP_NUM_THREADS}.
     * PyTorch's own default counts the host's physical cores, which oversubscribes a container limited to fewer.
     * Inter-op threads are left alone: eager operations do not use them, and PyTorch allows setting them only once
     * per process.
     */
    private static void configureThreads() {
        if (threadsConfigured) {
            return;
        }
        threadsConfigured = true;
        String omp = System.getenv("OMP_NUM_THREADS");
        if (System.getProperty(THREADS_PROPERTY) != null || omp != null && !omp.isBlank()) {
            return;
        }
        int threads = Runtime.getRuntime().availableProcessors();
        try {
            JniUtils.setNumThreads(threads);
            LOG.debug("PyTorch intra-op threads: {}", threads);
        } catch (RuntimeException e) {
            LOG.warn("could not set PyTorch's intra-op threads to {}: {}", threads, e.toString());
        }
    }

    /** Sets a JVM-wide system property the user left unset, and says so once at INFO: it outlives pastiche's use. */
    private static void setIfAbsent(String env, String property, String value) {
        String fromEnv = System.getenv(env);
        if ((fromEnv == null || fromEnv.isBlank()) && System.getProperty(property) == null) {
            System.setProperty(property, value);
            LOG.info("set the system property {}={} for DJL (no downloads, no usage ping; docs/using-pastiche.md); "
                    + "set it yourself to choose otherwise", property, value);
        }
    }

    private static String failure(Throwable e) {
        return "the DJL backend could not start PyTorch (" + e + "). Check that ai.djl.pytorch:pytorch-native-cpu:"
                + "2.7.1 with the classifier of this platform (" + Probe.platform(System.getProperty("os.name", ""),
                System.getProperty("os.arch", "")) + ") and ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 are on the "
                + "class path, or that PYTORCH_LIBRARY_PATH names a libtorch 2.7.1 folder; that DJL's native cache "
                + "folder " + Probe.engineCacheDir() + " is writable and has about 450 MB free (set "
                + "ENGINE_CACHE_DIR to move it); and that no other PyTorch version is already loaded in this JVM. "
                + "See docs/backend-djl.md.";
    }
}
