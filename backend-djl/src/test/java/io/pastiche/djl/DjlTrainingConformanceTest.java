package io.pastiche.djl;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.TrainingConformanceKit;

/** Core's training conformance suite (losses, Grams, gradients against finite differences) on the DJL backend. */
class DjlTrainingConformanceTest extends TrainingConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
