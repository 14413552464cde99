package io.pastiche.nd4j;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.BackendConformanceKit;

/** Core's conformance suite, against the float64 reference network, on the ND4J backend. */
class Nd4jConformanceTest extends BackendConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider();
    }
}
