package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.ResidentMemory;
import io.pastiche.testkit.TrainingFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every training call frees its native memory (the autograd graph, the gradients, the feature maps), and nothing
 * the backward pass reads is freed before it: results do not change while the Java heap and its direct buffers
 * are collected and reused under the calls.
 */
class TrainingMemoryTest {

    private static final int WARM_UP = 200;
    private static final int CALLS = 300;
    private static final long ALLOWED_GROWTH_KB = 50 * 1024;

    private final NetworkSpec spec = NetworkSpec.standard(0.25);
    private final Model model = RandomModels.model(spec, 2, 1);
    private final List<StyleEmbedding> styles = List.of(model.cin().embedding(0), model.cin().embedding(1));
    private final Tensor content = RandomModels.images(2, 16, 20, 2);
    private final LossNetwork vgg = TrainingFixtures.tinyVgg(Pooling.AVERAGE, 3);
    private final LossSpec loss = TrainingFixtures.tinyLoss();

    private List<List<float[]>> targets(TrainingGraph graph) {
        return Collections.nCopies(2, graph.styleGrams(RandomModels.images(1, 32, 32, 4)));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void residentMemoryDoesNotGrowOverThreeHundredCalls() throws IOException {
        ResidentMemory.assumeMeasurable();
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = targets(graph);
            ResidentMemory.Growth growth = ResidentMemory.afterOneCollection().growth(WARM_UP, CALLS,
                    i -> graph.lossAndGradients(model.weights(), content, styles, targets, i % 2 == 0));

            assertThat(growth.kb()).as("VmRSS growth in kB over %d calls (%d kB before)", CALLS, growth.beforeKb())
                    .isLessThan(ALLOWED_GROWTH_KB);
        }
    }

    @Test
    void onlyTheLossNetworkOutlivesACall() {
        try (DjlTraining graph = DjlTesting.engine().compileTraining(NetworkPlan.of(spec), vgg, loss)) {
            int held = graph.liveArrays();
            List<List<float[]>> targets = Collections.nCopies(2, graph.styleGrams(RandomModels.images(1, 32, 32, 4)));

            for (int i = 0; i < 3; i++) {
                graph.lossAndGradients(model.weights(), content, StyleBatch.of(styles), targets, true);
            }

            assertThat(graph.liveArrays()).isEqualTo(held);
        }
    }

    /**
     * DJL makes arrays from Java data without copying: the native tensor reads the Java direct buffer, which is
     * freed once the array is closed and the buffer collected. An array that autograd saves and that is closed
     * before the backward pass then gives garbage gradients (or an index out of bounds) only when the collector
     * and the allocator happen to reuse its memory in between; here another thread makes that likely.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void resultsDoNotChangeWhileMemoryIsCollectedAndReused() throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread churn = new Thread(() -> {
            while (running.get()) {
                for (int i = 0; i < 64; i++) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(4096 + 64 * i);
                    while (buffer.hasRemaining()) {
                        buffer.put((byte) 0x7f);
                    }
                }
                System.gc();
                try {
                    Thread.sleep(20); // a full collection stops the world: leave the calls time to run
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (TrainingGraph graph = DjlTesting.backend().compileTraining(spec, vgg, loss)) {
            List<List<float[]>> targets = targets(graph);
            LossGradients first = graph.lossAndGradients(model.weights(), content, styles, targets, true);
            churn.start();
            for (int i = 0; i < 30; i++) {
                LossGradients again = graph.lossAndGradients(model.weights(), content, styles, targets, true);
                assertThat(again.terms().total()).as("call %d", i).isEqualTo(first.terms().total());
                for (int l = 0; l < spec.convolutions().size(); l++) {
                    assertThat(again.weightGradients().get(l)).as("call %d, weight gradient %d", i, l)
                            .containsExactly(first.weightGradients().get(l));
                    assertThat(again.styleGradients().get(1).gamma(l)).as("call %d, gamma gradient %d", i, l)
                            .containsExactly(first.styleGradients().get(1).gamma(l));
                }
            }
        } finally {
            running.set(false);
            churn.join();
        }
    }
}
