package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.TrainingFixtures;
import io.pastiche.lossnet.Pooling;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arguments that do not fit are refused before any native work; closed handles refuse to run. */
class NetworkLifecycleTest {

    private final NetworkSpec spec = NetworkSpec.standard(0.25);
    private final List<float[]> weights = RandomModels.model(spec, 1, 1).weights();
    private final StyleEmbedding style = RandomModels.model(spec, 1, 2).cin().embedding(0);

    @Test
    void refusesWeightsOfTheWrongSize() {
        List<float[]> wrong = new ArrayList<>(weights);
        wrong.set(3, new float[7]);

        assertThatThrownBy(() -> TfTesting.backend().compile(spec, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("residual/residual1/conv1");
        assertThatThrownBy(() -> TfTesting.backend().compile(spec, weights.subList(0, 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesInputsThatDoNotFit() {
        try (CompiledNetwork network = TfTesting.backend().compile(spec, weights)) {
            Tensor two = RandomModels.images(2, 16, 16, 1);
            assertThatThrownBy(() -> network.forward(two, List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one style embedding per image");

            Tensor tiny = RandomModels.images(1, 2, 16, 1);
            assertThatThrownBy(() -> network.forward(tiny, List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");

            Tensor gray = new Tensor(new float[16 * 16], 1, 1, 16, 16);
            assertThatThrownBy(() -> network.forward(gray, List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");

            StyleEmbedding other = RandomModels.model(NetworkSpec.standard(0.5), 1, 3).cin().embedding(0);
            Tensor image = RandomModels.images(1, 16, 16, 1);
            assertThatThrownBy(() -> network.forward(image, List.of(other)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contract/conv1");
        }
    }

    @Test
    void theSmallestAcceptedInputRuns() {
        int side = spec.minimumInputSize();
        try (CompiledNetwork network = TfTesting.backend().compile(spec, weights)) {
            Tensor out = network.forward(RandomModels.images(1, side, side, 1), List.of(style));

            assertThat(out.height()).isEqualTo(spec.outputSize(side));
        }
    }

    @Test
    void aClosedNetworkRefusesToRunAndClosingTwiceIsHarmless() {
        CompiledNetwork network = TfTesting.backend().compile(spec, weights);
        network.close();
        network.close();

        assertThatThrownBy(() -> network.forward(RandomModels.images(1, 16, 16, 1), List.of(style)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trainingRefusesTargetsThatDoNotFitAndAClosedGraphRefusesToRun() {
        var vgg = TrainingFixtures.tinyVgg(Pooling.AVERAGE, 1);
        var loss = TrainingFixtures.tinyLoss();
        TrainingGraph graph = TfTesting.backend().compileTraining(spec, vgg, loss);
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

        assertThatThrownBy(() -> TfTesting.backend().compileTraining(spec, vgg, loss))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu9_9");
    }

    @Test
    void closingTheBackendClosesItsNetworks() {
        Backend backend = new TensorflowBackendProvider().open();
        CompiledNetwork network = backend.compile(spec, weights);
        backend.close();
        backend.close();

        assertThatThrownBy(() -> network.forward(RandomModels.images(1, 16, 16, 1), List.of(style)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> backend.compile(spec, weights)).isInstanceOf(IllegalStateException.class);
    }
}
