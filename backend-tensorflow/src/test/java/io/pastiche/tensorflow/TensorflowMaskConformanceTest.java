package io.pastiche.tensorflow;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.MaskConformanceKit;

/** Core's style-mask suite, against the float64 reference network, on the Tensorflow backend. */
class TensorflowMaskConformanceTest extends MaskConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new TensorflowBackendProvider();
    }
}
