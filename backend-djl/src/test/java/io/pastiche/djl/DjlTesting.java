package io.pastiche.djl;

import io.pastiche.Device;
import io.pastiche.spi.Backend;

/** One DJL backend for the whole test JVM: the engine is per process anyway, and opening it takes seconds. */
final class DjlTesting {

    private static Backend backend;
    private static DjlEngine engine;

    private DjlTesting() {
    }

    static synchronized Backend backend() {
        if (backend == null) {
            backend = new DjlBackendProvider().open();
        }
        return backend;
    }

    /**
     * The engine without core's wrapping, for tests that look inside what it compiles; PyTorch is started once
     * per process, so this costs only a root manager of its own.
     */
    static synchronized DjlEngine engine() {
        if (engine == null) {
            engine = (DjlEngine) new DjlBackendProvider().start(Device.AUTO);
        }
        return engine;
    }
}
