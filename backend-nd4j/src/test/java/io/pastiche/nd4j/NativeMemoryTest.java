package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import io.pastiche.testkit.ResidentMemory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every forward call frees its native memory: after a warm-up, 300 more calls (each allocating tens of MB) leave the process's resident
 * memory (which the Java heap limits do not see) where it was, within allocator noise. The module's surefire
 * configuration fixes and pre-touches the Java heap so that the heap does not move the resident size. Without
 * the workspaces ({@link Workspaces}) this failed: closed ND4J arrays were freed only when the garbage collector
 * ran, and 300 calls grew the resident size by 300 MB.
 */
class NativeMemoryTest {

    private static final int WARM_UP = 100;
    private static final int CALLS = 300;
    private static final long ALLOWED_GROWTH_KB = 50 * 1024;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void residentMemoryDoesNotGrowOverHundredsOfCalls() throws Exception {
        ResidentMemory.assumeMeasurable();
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<StyleEmbedding> style = List.of(RandomModels.model(spec, 1, 1).cin().embedding(0));
        Tensor input = RandomModels.images(1, 128, 128, 2);
        try (CompiledNetwork network = Nd4jTesting.backend().compile(spec, RandomModels.model(spec, 1, 3).weights())) {
            ResidentMemory.Growth growth = Nd4jTesting.RESIDENT_MEMORY.growth(WARM_UP, CALLS,
                    i -> network.forward(input, style));

            assertThat(growth.kb()).as("VmRSS growth in kB over %d calls (%d kB before)", CALLS, growth.beforeKb())
                    .isLessThan(ALLOWED_GROWTH_KB);
        }
    }
}
