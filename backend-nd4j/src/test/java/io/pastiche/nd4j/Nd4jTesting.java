package io.pastiche.nd4j;

import io.pastiche.spi.Backend;
import io.pastiche.testkit.ResidentMemory;
import java.time.Duration;

/** One ND4J backend for the whole test JVM: ND4J is per process anyway, and loading it takes seconds. */
final class Nd4jTesting {

    /**
     * Read after two collections with a pause each: ND4J and JavaCPP free some native memory (op arguments, shape
     * buffers) from their own threads once the collector has found the Java objects that owned it.
     */
    static final ResidentMemory RESIDENT_MEMORY = ResidentMemory.afterCollections(2, Duration.ofMillis(300));

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
