package io.pastiche.tensorflow;

import io.pastiche.spi.Backend;

/** One TensorFlow backend for the whole test JVM: TensorFlow is per process anyway, and loading it takes seconds. */
final class TensorflowTesting {

    private static Backend backend;

    private TensorflowTesting() {
    }

    static synchronized Backend backend() {
        if (backend == null) {
            backend = new TensorflowBackendProvider().open();
        }
        return backend;
    }
}
