package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ND4J and TensorFlow Java in one JVM, on the one javacpp version the parent POM pins (1.5.11): with ND4J's own
 * javacpp 1.5.7, TensorFlow fails with {@code NoSuchMethodError: PointerScope.<init>} (docs/backend-nd4j.md). Both run the same network and
 * agree; ND4J is not chosen by default when TensorFlow is present.
 */
class SharedJvmTest {

    @Test
    void nd4jAndTensorflowRunSideBySide() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<float[]> weights = RandomModels.model(spec, 1, 41).weights();
        List<StyleEmbedding> style = List.of(RandomModels.model(spec, 1, 42).cin().embedding(0));
        Tensor input = RandomModels.images(1, 20, 24, 43);
        Tensor nd4j;
        Tensor tensorflow;
        try (CompiledNetwork network = Nd4jTesting.backend().compile(spec, weights)) {
            nd4j = network.forward(input, style);
        }
        try (Backend backend = Backends.discover().choose("tensorflow").open();
             CompiledNetwork network = backend.compile(spec, weights)) {
            tensorflow = network.forward(input, style);
        }

        assertThat(tensorflow.shape()).containsExactly(nd4j.shape());
        for (int i = 0; i < nd4j.data().length; i++) {
            assertThat((double) nd4j.data()[i]).isCloseTo(tensorflow.data()[i],
                    org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(Backends.discover().choose(null).name()).isNotEqualTo(Nd4jBackendProvider.NAME);
    }
}
