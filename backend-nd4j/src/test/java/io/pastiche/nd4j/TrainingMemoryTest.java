package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.ResidentMemory;
import io.pastiche.testkit.TrainingFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Training calls free their native memory, and print nothing to standard output. */
class TrainingMemoryTest {

    private static final int WARM_UP = 30;
    private static final int CALLS = 120;
    private static final long ALLOWED_GROWTH_KB = 50 * 1024;

    private final Model model = RandomModels.model(NetworkSpec.standard(0.125), 2, 31);
    private final LossSpec loss = TrainingFixtures.tinyLoss();
    private final LossNetwork vgg = TrainingFixtures.tinyVgg(Pooling.AVERAGE, 32);
    private final Tensor content = RandomModels.images(2, 32, 32, 33);
    private final List<StyleEmbedding> styles = List.of(model.cin().embedding(0), model.cin().embedding(1));

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void residentMemoryDoesNotGrowOverHundredsOfCalls() throws Exception {
        ResidentMemory.assumeMeasurable();
        try (TrainingGraph graph = Nd4jTesting.backend().compileTraining(model.spec(), vgg, loss)) {
            List<List<float[]>> targets = Collections.nCopies(2, graph.styleGrams(RandomModels.images(1, 20, 20, 34)));
            ResidentMemory.Growth growth = Nd4jTesting.RESIDENT_MEMORY.growth(WARM_UP, CALLS,
                    i -> graph.lossAndGradients(model.weights(), content, styles, targets, i % 2 == 0));

            assertThat(growth.kb()).as("VmRSS growth in kB over %d calls (%d kB before)", CALLS, growth.beforeKb())
                    .isLessThan(ALLOWED_GROWTH_KB);
        }
    }

    /**
     * SameDiff prints "Added differentiated op ..." to System.out when it builds a gradient function; this backend
     * does not use SameDiff, and a library must not write to the application's standard output.
     */
    @Test
    void aTrainingStepPrintsNothingToStandardOutput() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TrainingGraph graph = new Nd4jBackendProvider().open().compileTraining(model.spec(), vgg, loss)) {
            List<List<float[]>> targets = Collections.nCopies(2, graph.styleGrams(RandomModels.images(1, 20, 20, 34)));
            graph.lossAndGradients(model.weights(), content, styles, targets, true);
            graph.lossAndGradients(model.weights(), content, styles, targets, false);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
