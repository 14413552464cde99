package io.pastiche.nd4j;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.TrainingConformanceKit;

/** Core's training conformance suite (losses, Grams, gradients against finite differences) on the ND4J backend. */
class Nd4jTrainingConformanceTest extends TrainingConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider();
    }
}
