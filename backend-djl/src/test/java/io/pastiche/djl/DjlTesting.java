package io.pastiche.djl;

import io.pastiche.spi.Backend;

/** One DJL backend for the whole test JVM: the engine is per process anyway, and opening it takes seconds. */
final class DjlTesting {

    private static Backend backend;

    private DjlTesting() {
    }

    static synchronized Backend backend() {
        if (backend == null) {
            backend = new DjlBackendProvider().open();
        }
        return backend;
    }
}
