package io.pastiche.nd4j;

import io.pastiche.BackendException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Loads ND4J once per JVM; every failure to do so becomes one {@link BackendException} that names the fix. */
final class Nd4jEngine {

    /** The classifier suffixes nd4j-native publishes, in the order JavaCPP tries them. */
    static final String[] EXTENSIONS = {"-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", ""};

    private static volatile boolean started;

    private Nd4jEngine() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        try {
            // The first array loads the backend, its native library and OpenBLAS.
            Nd4j.create(DataType.FLOAT, 1).close();
            started = true;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException("ND4J could not start: " + e + ". It needs org.nd4j:nd4j-native:1.0.0-M2.1 "
                    + "with the classifier of this platform (for example linux-x86_64-onednn-avx512) and "
                    + "org.bytedeco:javacpp and openblas with theirs; see docs/backend-nd4j.md", e);
        }
    }
}
