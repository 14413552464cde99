package io.pastiche.nd4j;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.MaskConformanceKit;

/** Core's style-mask suite, against the float64 reference network, on the Nd4j backend. */
class Nd4jMaskConformanceTest extends MaskConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider();
    }
}
