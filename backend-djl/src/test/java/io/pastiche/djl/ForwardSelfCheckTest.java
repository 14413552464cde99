package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against a loop-only float64 forward pass, layer kinds one by one, then the whole network. */
class ForwardSelfCheckTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("3x3 conv, then 3x3 stride 2 to a sigmoid; odd, non-square input",
                        spec(new ConvLayer("a", 3, 5, 3, 1, 1, Activation.RELU),
                                new ConvLayer("b", 5, 3, 3, 2, 1, Activation.SIGMOID)), 7, 9, 1e-5),
                Arguments.of("9x9 conv, then upsample x2 and 3x3 conv",
                        spec(new ConvLayer("a", 3, 4, 9, 1, 1, Activation.RELU),
                                new ConvLayer("b", 4, 3, 3, 1, 2, Activation.NONE)), 6, 5, 1e-5),
                Arguments.of("residual block, then a 1x1 conv (no padding)",
                        spec(new ConvLayer("a", 3, 4, 3, 1, 1, Activation.RELU),
                                new ResidualBlock(new ConvLayer("r/conv1", 4, 4, 3, 1, 1, Activation.RELU),
                                        new ConvLayer("r/conv2", 4, 4, 3, 1, 1, Activation.NONE)),
                                new ConvLayer("b", 4, 3, 1, 1, 1, Activation.SIGMOID)), 8, 8, 1e-5),
                Arguments.of("the standard network at alpha 0.25", NetworkSpec.standard(0.25), 16, 20, 5e-5));
    }

    private static NetworkSpec spec(Block... blocks) {
        return new NetworkSpec(List.of(blocks));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void matchesTheFloat64Reference(String description, NetworkSpec spec, int height, int width, double tolerance) {
        List<float[]> weights = Float64Reference.weights(spec, 1, 0.1);
        // Two images, each with its own style: per-image gamma/beta must not mix.
        List<StyleEmbedding> styles = List.of(Float64Reference.style(spec, 2), Float64Reference.style(spec, 3));
        Tensor input = Float64Reference.image(4, 2, 3, height, width);
        try (CompiledNetwork network = DjlTesting.backend().compile(spec, weights)) {
            Tensor output = network.forward(input, styles);

            assertThat(output.shape()).containsExactly(2, 3, spec.outputSize(height), spec.outputSize(width));
            for (int n = 0; n < 2; n++) {
                double[][][] reference = Float64Reference.forward(spec, weights, input, n, styles.get(n));
                assertThat(Float64Reference.relativeError(output, n, reference))
                        .as("image %d, largest error relative to the largest value", n)
                        .isLessThan(tolerance);
            }
        }
    }
}
