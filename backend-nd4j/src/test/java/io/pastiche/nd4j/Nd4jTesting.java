package io.pastiche.nd4j;

import io.pastiche.spi.Backend;

/** One ND4J backend for the whole test JVM: ND4J is per process anyway, and loading it takes seconds. */
final class Nd4jTesting {

    private static Backend backend;

    private Nd4jTesting() {
    }

    static synchronized Backend backend() {
        if (backend == null) {
            backend = new Nd4jBackendProvider().open();
        }
        return backend;
    }
}
