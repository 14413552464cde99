package io.pastiche.tensorflow;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.BackendConformanceKit;

/** Core's conformance suite, against the float64 reference network, on the TensorFlow backend. */
class TensorflowConformanceTest extends BackendConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new TensorflowBackendProvider();
    }
}
