package io.pastiche.tensorflow;

import io.pastiche.spi.BackendProvider;
import io.pastiche.testkit.TrainingConformanceKit;

/** Core's training conformance suite (losses, Grams, gradients against finite differences) on TensorFlow. */
class TensorflowTrainingConformanceTest extends TrainingConformanceKit {

    @Override
    protected BackendProvider provider() {
        return new TensorflowBackendProvider();
    }
}
