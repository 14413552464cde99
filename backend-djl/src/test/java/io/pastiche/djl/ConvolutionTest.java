package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.ConvForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConvolutionTest {

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    @Test
    void splitsOnlyLargeKernelsToFewChannelsFromMany() {
        assertThat(ConvForm.of(layer(32, 3, 9))).isEqualTo(ConvForm.ROW_SPLIT);
        assertThat(ConvForm.of(layer(8, 4, 3))).isEqualTo(ConvForm.ROW_SPLIT);
        assertThat(ConvForm.of(layer(3, 32, 9))).isNotEqualTo(ConvForm.ROW_SPLIT);
        assertThat(ConvForm.of(layer(128, 128, 3))).isNotEqualTo(ConvForm.ROW_SPLIT);
        assertThat(ConvForm.of(new ConvLayer("s", 32, 3, 3, 2, 1, Activation.RELU)))
                .isNotEqualTo(ConvForm.ROW_SPLIT);
    }

    @Test
    void splitConvolutionEqualsTheDirectOne() {
        ConvLayer layer = layer(8, 3, 9);
        NDArray x = EngineArrays.random(ENGINE.manager(), 1, 2, 8, 21, 18);
        NDArray weight = EngineArrays.random(ENGINE.manager(), 2, 3, 8, 9, 9);
        float[] split = EngineArrays.inference(() -> Convolution.rowSplit(layer, x, weight, false));
        float[] direct = EngineArrays.inference(() -> direct(x, weight));

        assertThat(split).hasSize(2 * 3 * 13 * 10);
        EngineArrays.assertClose(split, direct, 1e-5);
    }

    @Test
    void splitConvolutionOfAChannelsLastMapSumsItsRowsInJavaToTheDirectOne() {
        ConvLayer layer = layer(8, 3, 9);
        NDArray x = ChannelsLast.of(EngineArrays.random(ENGINE.manager(), 5, 2, 8, 21, 18));
        NDArray weight = EngineArrays.random(ENGINE.manager(), 6, 3, 8, 9, 9);
        NDArray split = EngineArrays.inferenceArray(() -> Convolution.rowSplit(layer, x, weight, true));

        assertThat(split.getShape()).isEqualTo(new Shape(2, 3, 13, 10));
        EngineArrays.assertClose(split.toFloatArray(), EngineArrays.inference(() -> direct(x, weight)), 1e-5);
        // channels-last in memory, as the next layer expects: index 1 of that memory is channel 1 of position 0
        ChannelsLast.memory(ChannelsLast.of(split)).put(1, 4242f);
        assertThat(split.getFloat(0, 1, 0, 0)).isEqualTo(4242f);
    }

    @Test
    void splitConvolutionHasTheDirectOnesGradients() {
        ConvLayer layer = layer(8, 3, 5);
        NDArray x = EngineArrays.random(ENGINE.manager(), 3, 1, 8, 12, 15);
        NDArray weight = EngineArrays.random(ENGINE.manager(), 4, 3, 8, 5, 5);
        float[][] split = EngineArrays.gradients(ENGINE.manager(),
                a -> Convolution.rowSplit(layer, a[0], a[1], false), x, weight);
        float[][] direct = EngineArrays.gradients(ENGINE.manager(), a -> direct(a[0], a[1]), x, weight);

        EngineArrays.assertClose(split[0], direct[0], 1e-5);
        EngineArrays.assertClose(split[1], direct[1], 1e-5);
    }

    private static ConvLayer layer(int in, int out, int kernel) {
        return new ConvLayer("test", in, out, kernel, 1, 1, Activation.NONE);
    }

    private static NDArray direct(NDArray x, NDArray weight) {
        return Conv2d.conv2d(x, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
