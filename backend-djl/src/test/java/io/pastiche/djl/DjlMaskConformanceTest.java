package io.pastiche.djl;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.MaskConformanceKit;

/** Core's style-mask suite, against the float64 reference network, on the Djl backend. */
class DjlMaskConformanceTest extends MaskConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
