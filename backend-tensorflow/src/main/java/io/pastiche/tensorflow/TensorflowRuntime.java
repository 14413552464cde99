package io.pastiche.tensorflow;

import io.pastiche.BackendException;
import io.pastiche.Device;
import io.pastiche.spi.NativeEnvironment;
import io.pastiche.spi.Probes;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/**
 * Loads TensorFlow once per JVM and holds what every session of this backend shares: the session configuration
 * (thread counts). Immutable.
 *
 * <p>TensorFlow's C++ core logs a few lines to stderr (never to stdout) when it loads and when it first runs a
 * graph. Its level is read from the process environment ({@value #LOG_LEVEL}) when the native library loads; the
 * backend leaves it to the user: set {@code TF_CPP_MIN_LOG_LEVEL=1} in the environment of the JVM to quiet
 * them. {@link #start()} runs a tiny graph so that all of them come at {@code open()}, not at the first image.
 *
 * <p>On x86 CPUs without AVX-512 VNNI (every AVX2 machine, and AVX-512 ones before Cascade Lake), TensorFlow 2.18 leaves
 * its oneDNN kernels off and convolves with Eigen's, which run this network 1.1-2.3 times slower (measured on an
 * AMD EPYC Zen 3, docs/backend-tensorflow.md). {@link #start()} therefore sets {@value #ONEDNN}{@code =1} in the
 * native environment before the library loads, unless the process has it set already (then the user's value holds).
 */
final class TensorflowRuntime {

    /** The TensorFlow Java version this backend is built and tested with (TensorFlow 2.18 underneath). */
    static final String VERSION = "1.1.0";
    /** The environment variable TensorFlow's C++ logging reads once, when the native library loads. */
    static final String LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL";
    /** The environment variable that switches TensorFlow's oneDNN kernels on (1) or off (0). */
    static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";
    /** Overrides the number of threads TensorFlow uses within one operation and across operations. */
    static final String THREADS_PROPERTY = "pastiche.tensorflow.threads";

    private static final Logger LOG = LoggerFactory.getLogger(TensorflowRuntime.class);
    private static TensorflowRuntime instance;

    private final ConfigProto config;
    private final String version;

    private TensorflowRuntime(ConfigProto config, String version) {
        this.config = config;
        this.version = version;
    }

    /**
     * Loads the native library and checks that it runs a graph, or says what to fix.
     *
     * @throws BackendException if TensorFlow Java or its native library cannot be loaded or run
     */
    static synchronized TensorflowRuntime start() {
        if (instance != null) {
            return instance;
        }
        String version;
        ConfigProto config;
        // JavaCPP, which loads TensorFlow's natives, writes its warnings to stderr unless told to use SLF4J; it
        // reads the setting when its first class loads. An application's own choice is kept.
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        if (isX86(System.getProperty("os.arch", ""))) {
            NativeEnvironment.setDefault(ONEDNN, "1");
        }
        try {
            version = TensorFlow.version();
            config = sessionConfig();
            selfCheck(config);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // UnsatisfiedLinkError, NoClassDefFoundError and ExceptionInInitializerError from JavaCPP's loading of
            // the natives; TensorFlowException (a RuntimeException) from the first session.
            throw new BackendException(failure(e), e);
        }
        if (System.getenv(LOG_LEVEL) == null) {
            LOG.debug("TensorFlow {} loaded; set the environment variable {}=1 before the JVM starts to quiet its "
                    + "informational lines on stderr", version, LOG_LEVEL);
        }
        instance = new TensorflowRuntime(config, version);
        return instance;
    }

    /** TensorFlow's oneDNN kernels exist in its x86 builds only; on ARM its default is left alone. */
    static boolean isX86(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64");
    }

    /**
     * This runtime with sessions placed on {@code device}: for the CPU, TensorFlow is shown no GPU; for a GPU, a
     * tiny graph pinned to the first one must run, or TensorFlow has none (the CPU natives, no CUDA driver, no GPU).
     *
     * @throws BackendException if a GPU is asked for and TensorFlow has none
     */
    TensorflowRuntime on(Device device) {
        return switch (device) {
            case AUTO -> this;
            case CPU -> new TensorflowRuntime(config.toBuilder().putDeviceCount("GPU", 0).build(), version);
            case GPU -> {
                checkGpu(config);
                yield this;
            }
        };
    }

    private static void checkGpu(ConfigProto config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph).withDevice(DeviceSpec.newBuilder()
                    .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var sum = tf.math.add(tf.constant(1f), tf.constant(2f));
            ConfigProto strict = config.toBuilder().setAllowSoftPlacement(false).build();
            try (Session session = new Session(graph, strict);
                 Result result = session.runner().fetch(sum).run()) {
                LOG.debug("TensorFlow runs on its GPU: 1 + 2 = {}", ((TFloat32) result.get(0)).getFloat());
            }
        } catch (RuntimeException e) {
            throw new BackendException("TensorFlow has no GPU here (" + e.getMessage() + "). It needs "
                    + Probe.NATIVE_ARTIFACT + " with classifier linux-x86_64-gpu instead of the CPU one, a CUDA 12 "
                    + "driver and a GPU it supports; or ask for Device.CPU or AUTO (docs/backend-tensorflow.md)", e);
        }
    }

    /** The configuration every session of this backend is created with. */
    ConfigProto config() {
        return config;
    }

    /** TensorFlow's own version, for example 2.18.0. */
    String version() {
        return version;
    }

    /**
     * Threads within an operation (Eigen, oneDNN) and across independent operations: by default the processors this
     * JVM may use, which respects container CPU limits where TensorFlow's own default counts the host's CPUs. The
     * pools are process-wide: the first session's setting is the one TensorFlow keeps. On a GPU (the
     * {@code linux-x86_64-gpu} natives), memory is taken as needed rather than all of it at the first session.
     */
    private static ConfigProto sessionConfig() {
        int threads = Runtime.getRuntime().availableProcessors();
        String chosen = System.getProperty(THREADS_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            try {
                threads = Integer.parseInt(chosen.trim());
            } catch (NumberFormatException e) {
                throw new BackendException(THREADS_PROPERTY + " must be a positive integer, was '" + chosen + "'");
            }
            if (threads < 1) {
                throw new BackendException(THREADS_PROPERTY + " must be a positive integer, was '" + chosen + "'");
            }
        }
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(threads)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                .build();
    }

    /** 1 + 2 = 3 through a real session: the natives load, and so do the kernels. */
    private static void selfCheck(ConfigProto config) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var sum = tf.math.add(tf.constant(1f), tf.constant(2f));
            try (Session session = new Session(graph, config);
                 Result result = session.runner().fetch(sum).run()) {
                float value = ((TFloat32) result.get(0)).getFloat();
                if (value != 3f) {
                    throw new BackendException("TensorFlow's self-check computed 1 + 2 = " + value);
                }
            }
        }
    }

    static String failure(Throwable e) {
        String platform = Probes.javacppPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        return "the TensorFlow backend could not start TensorFlow (" + e + "). Check that " + Probe.NATIVE_ARTIFACT
                + " with the classifier of this platform (" + platform + ") is on the class path next to "
                + "org.tensorflow:tensorflow-core-api:" + VERSION + "; that JavaCPP's cache folder (~/.javacpp/cache, "
                + "moved with -Dorg.bytedeco.javacpp.cachedir=...) is writable and has about 700 MB free; and that no "
                + "other org.bytedeco:javacpp version than 1.5.11 is on the class path. See docs/backend-tensorflow.md.";
    }
}
