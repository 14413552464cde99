package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.ResidentMemory;
import io.pastiche.testkit.TrainingFixtures;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every call frees its native memory: after a warm-up, a thousand more calls leave the process's resident memory
 * (which the Java heap limits do not see) where it was, within allocator noise (measured: under 5 MB either way).
 * The inputs are large enough that keeping any one input or output tensor per call would exceed the bound (500
 * calls on a 48 x 48 image and 500 on a pair of 40 x 40 ones feed 33 MB; the training weights are 100 kB a step).
 * The module's surefire configuration fixes and pre-touches the Java heap so that the heap does not move the
 * resident size.
 */
class NativeMemoryTest {

    private static final long ALLOWED_GROWTH_KB = 16 * 1024;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void residentMemoryDoesNotGrowOverAThousandForwardCalls() throws IOException {
        ResidentMemory.assumeMeasurable();
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<StyleEmbedding> one = List.of(RandomModels.model(spec, 1, 1).cin().embedding(0));
        List<StyleEmbedding> two = Collections.nCopies(2, one.get(0));
        Tensor single = RandomModels.images(1, 48, 48, 2);
        Tensor pair = RandomModels.images(2, 40, 40, 3);
        try (CompiledNetwork network = TensorflowTesting.backend().compile(spec,
                RandomModels.model(spec, 1, 3).weights())) {
            long growth = ResidentMemory.afterOneCollection().growth(100, 500, i -> {
                network.forward(single, one);
                network.forward(pair, two);
            }).kb();

            assertThat(growth).as("VmRSS growth in kB over 1,000 forward calls").isLessThan(ALLOWED_GROWTH_KB);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void residentMemoryDoesNotGrowOverTrainingSteps() throws IOException {
        ResidentMemory.assumeMeasurable();
        NetworkSpec spec = NetworkSpec.standard(0.125);
        Model model = RandomModels.model(spec, 2, 4);
        LossNetwork vgg = TrainingFixtures.tinyVgg(Pooling.MAX, 5);
        LossSpec loss = TrainingFixtures.tinyLoss();
        Tensor content = RandomModels.images(2, 24, 24, 6);
        List<StyleEmbedding> styles = List.of(model.cin().embedding(0), model.cin().embedding(1));
        try (TrainingGraph graph = TensorflowTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = Collections.nCopies(2, graph.styleGrams(RandomModels.images(1, 20, 20, 7)));
            Tensor styleImage = RandomModels.images(1, 32, 32, 8);
            long growth = ResidentMemory.afterOneCollection().growth(20, 120, i -> {
                graph.lossAndGradients(model.weights(), content, styles, targets, true);
                graph.styleGrams(styleImage);
            }).kb();

            assertThat(growth).as("VmRSS growth in kB over 120 training steps").isLessThan(ALLOWED_GROWTH_KB);
        }
    }
}
