package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.Device;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.ResidentMemory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every forward call frees its native memory: after a warm-up, 10,000 more calls leave the process's resident
 * memory (which the Java heap limits do not see) where it was, within allocator noise. The module's surefire
 * configuration fixes and pre-touches the Java heap so that the heap does not move the resident size.
 */
class NativeMemoryTest {

    private static final int WARM_UP = 1_000;
    private static final int CALLS = 10_000;
    private static final long ALLOWED_GROWTH_KB = 50 * 1024;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void residentMemoryDoesNotGrowOverTenThousandCalls() throws IOException {
        ResidentMemory.assumeMeasurable();
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<StyleEmbedding> style = List.of(RandomModels.model(spec, 1, 1).cin().embedding(0));
        Tensor input = RandomModels.images(1, 16, 16, 2);
        try (CompiledNetwork network = DjlTesting.backend().compile(spec, RandomModels.model(spec, 1, 3).weights())) {
            ResidentMemory.Growth growth = ResidentMemory.afterOneCollection().growth(WARM_UP, CALLS,
                    i -> network.forward(input, style));

            assertThat(growth.kb()).as("VmRSS growth in kB over %d calls (%d kB before)", CALLS, growth.beforeKb())
                    .isLessThan(ALLOWED_GROWTH_KB);
        }
    }

    /** What outlives a call is the weights and one call's kept maps (here the padded ones), call after call. */
    @Test
    void onlyTheWeightsAndOneCallsMapsOutliveACall() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<StyleEmbedding> styles = List.of(RandomModels.model(spec, 1, 1).cin().embedding(0),
                RandomModels.model(spec, 1, 2).cin().embedding(0));
        Tensor input = RandomModels.images(2, 16, 20, 2);
        NetworkPlan plan = NetworkPlan.of(spec);
        try (DjlNetwork network = DjlTesting.engine().compile(plan, RandomModels.model(spec, 1, 3).weights())) {
            assertThat(network.liveArrays()).isEqualTo(spec.convolutions().size());
            network.run(plan.all(), input, StyleBatch.of(styles));
            int kept = network.liveArrays() - spec.convolutions().size();
            assertThat(kept).as("kept maps").isPositive().isLessThan(spec.convolutions().size());

            for (int i = 0; i < 3; i++) {
                network.run(plan.all(), input, StyleBatch.of(styles));
            }

            assertThat(network.liveArrays()).isEqualTo(spec.convolutions().size() + kept);
        }
    }

    /**
     * With layers in strips, the maps' memory stays for the next call: the same arrays, call after call (the
     * default strips do this only for maps of more than 16 MiB).
     */
    @Test
    void keptMapsDoNotGrowFromCallToCall() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<StyleEmbedding> styles = List.of(RandomModels.model(spec, 1, 1).cin().embedding(0));
        Tensor input = RandomModels.images(1, 16, 20, 2);
        NetworkPlan plan = NetworkPlan.of(spec);
        DjlEngine engine = new DjlBackendProvider().start(Device.CPU, DjlStripsConformanceTest.SMALL);
        try (engine; DjlNetwork network = engine.compile(plan, RandomModels.model(spec, 1, 3).weights())) {
            network.run(plan.all(), input, StyleBatch.of(styles));
            int kept = network.liveArrays();
            assertThat(kept).isGreaterThan(spec.convolutions().size());

            for (int i = 0; i < 3; i++) {
                network.run(plan.all(), input, StyleBatch.of(styles));
            }

            assertThat(network.liveArrays()).isEqualTo(kept);
        }
    }
}
