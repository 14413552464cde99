package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.TrainingFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Arguments that do not fit are refused before any native work; closed graphs refuse; graphs run side by side. */
class TrainingLifecycleTest {

    private final NetworkSpec spec = NetworkSpec.standard(0.25);
    private final Model model = RandomModels.model(spec, 2, 1);
    private final List<StyleEmbedding> styles = List.of(model.cin().embedding(0), model.cin().embedding(1));
    private final Tensor content = RandomModels.images(2, 20, 20, 2);
    private final LossNetwork vgg = TrainingFixtures.tinyVgg(Pooling.MAX, 3);
    private final LossSpec loss = TrainingFixtures.tinyLoss();

    private static List<List<float[]>> targets(TrainingGraph graph) {
        return Collections.nCopies(2, graph.styleGrams(RandomModels.images(1, 24, 24, 4)));
    }

    @Test
    void refusesTargetsThatDoNotFit() {
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = targets(graph);
            assertThatThrownBy(() -> graph.lossAndGradients(model.weights(), content, styles, targets.subList(0, 1),
                    true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per image");

            List<float[]> wrong = new ArrayList<>(targets.get(0));
            wrong.set(1, new float[5]);
            assertThatThrownBy(() -> graph.lossAndGradients(model.weights(), content, styles,
                    List.of(targets.get(0), wrong), true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu2_1");

            assertThatThrownBy(() -> graph.lossAndGradients(model.weights(), content, styles,
                    List.of(targets.get(0), wrong.subList(0, 2)), true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("style targets");
        }
    }

    @Test
    void refusesWeightsStylesAndImagesThatDoNotFit() {
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = targets(graph);
            List<float[]> weights = new ArrayList<>(model.weights());
            weights.set(2, new float[3]);
            assertThatThrownBy(() -> graph.lossAndGradients(weights, content, styles, targets, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contract/conv3");

            assertThatThrownBy(() -> graph.lossAndGradients(model.weights(), content, styles.subList(0, 1), targets,
                    true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one style embedding");

            // The tiny VGG pools twice before relu3_2: 3 pixels would leave none.
            Tensor small = RandomModels.images(2, 3, 20, 1);
            assertThatThrownBy(() -> graph.lossAndGradients(model.weights(), small, styles, targets, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
            assertThatThrownBy(() -> graph.styleGrams(RandomModels.images(1, 3, 3, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
            assertThatThrownBy(() -> graph.styleGrams(RandomModels.images(2, 24, 24, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one RGB image");
        }
    }

    @Test
    void refusesLossFeaturesTheLossNetworkDoesNotHave() {
        LossSpec deep = new LossSpec("relu4_1", 1, Map.of("relu1_1", 1.0), 0);

        assertThatThrownBy(() -> DjlTesting.backend().compileTraining(spec, vgg, deep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu4_1");
    }

    @Test
    void withoutWeightGradientsOnlyGammaAndBetaGradientsComeBack() {
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = targets(graph);
            LossGradients with = graph.lossAndGradients(model.weights(), content, styles, targets, true);
            LossGradients without = graph.lossAndGradients(model.weights(), content, styles, targets, false);

            assertThat(with.weightGradients()).hasSize(spec.convolutions().size());
            assertThat(with.weightGradients().get(5)).hasSize(spec.convolutions().get(5).weightCount());
            assertThat(without.weightGradients()).isEmpty();
            assertThat(without.terms()).isEqualTo(with.terms());
            assertThat(without.styleGradients()).hasSize(2);
            assertThat(without.styleGradients().get(1).beta(15)).containsExactly(with.styleGradients().get(1).beta(15));
        }
    }

    @Test
    void aClosedGraphRefusesAndClosingTheBackendClosesItsGraphs() {
        Backend backend = new DjlBackendProvider().open();
        TrainingGraph graph = backend.compileTraining(spec, vgg, loss);
        TrainingGraph other = backend.compileTraining(spec, vgg, loss);
        List<List<float[]>> targets = targets(graph);
        graph.close();
        graph.close();

        assertThatThrownBy(() -> graph.lossAndGradients(model.weights(), content, styles, targets, true))
                .isInstanceOf(IllegalStateException.class);
        backend.close();
        assertThatThrownBy(() -> other.styleGrams(RandomModels.images(1, 24, 24, 4)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> backend.compileTraining(spec, vgg, loss)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Graphs on several threads at once give what one thread alone gives (DJL's GradientCollector would refuse
     * a second collector anywhere in the JVM), and inference on another thread, where gradient recording is off,
     * is not disturbed by training turning it on in its own.
     */
    @Test
    void graphsAndNetworksRunSideBySideOnSeveralThreads() throws Exception {
        try (TrainingGraph first = DjlTesting.backend().compileTraining(spec, vgg, loss);
             TrainingGraph second = DjlTesting.backend().compileTraining(spec, vgg, loss);
             CompiledNetwork network = DjlTesting.backend().compile(spec, model.weights())) {
            List<List<float[]>> targets = targets(first);
            LossGradients alone = first.lossAndGradients(model.weights(), content, styles, targets, true);
            Tensor image = network.forward(content, styles);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (TrainingGraph graph : List.of(first, second)) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            LossGradients g = graph.lossAndGradients(model.weights(), content, styles, targets, true);
                            assertThat(g.terms()).isEqualTo(alone.terms());
                            assertThat(g.weightGradients().get(0)).containsExactly(alone.weightGradients().get(0));
                        }
                        return null;
                    }));
                }
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        assertThat(network.forward(content, styles)).isEqualTo(image);
                    }
                    return null;
                }));
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
