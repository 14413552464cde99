package io.pastiche.djl;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.BackendConformanceKit;

/** Core's conformance suite, against the float64 reference network, on the DJL backend. */
class DjlConformanceTest extends BackendConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
