package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.TrainingFixtures;
import io.pastiche.lossnet.Pooling;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training graphs refuse what does not fit and refuse to run once closed; the same cases for inference networks
 * are in the conformance kit.
 */
class TrainingLifecycleTest {

    private final NetworkSpec spec = NetworkSpec.standard(0.25);
    private final List<float[]> weights = RandomModels.model(spec, 1, 1).weights();
    private final StyleEmbedding style = RandomModels.model(spec, 1, 2).cin().embedding(0);

    @Test
    void trainingRefusesTargetsThatDoNotFitAndAClosedGraphRefusesToRun() {
        var vgg = TrainingFixtures.tinyVgg(Pooling.AVERAGE, 1);
        var loss = TrainingFixtures.tinyLoss();
        TrainingGraph graph = TensorflowTesting.backend().compileTraining(spec, vgg, loss);
        try {
            Tensor content = RandomModels.images(1, 16, 16, 1);
            List<List<float[]>> targets = List.of(List.of(new float[16], new float[36], new float[5]));
            assertThatThrownBy(() -> graph.lossAndGradients(weights, content, List.of(style), targets, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu3_2");
            Tensor small = RandomModels.images(1, 3, 16, 1);
            assertThatThrownBy(() -> graph.styleGrams(small))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4");
        } finally {
            graph.close();
        }
        graph.close();
        assertThatThrownBy(() -> graph.styleGrams(RandomModels.images(1, 16, 16, 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnknownLossFeatureIsNamed() {
        var vgg = TrainingFixtures.tinyVgg(Pooling.AVERAGE, 1);
        var loss = new io.pastiche.loss.LossSpec("relu9_9", 1, java.util.Map.of("relu1_1", 1.0), 0);

        assertThatThrownBy(() -> TensorflowTesting.backend().compileTraining(spec, vgg, loss))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu9_9");
    }
}
