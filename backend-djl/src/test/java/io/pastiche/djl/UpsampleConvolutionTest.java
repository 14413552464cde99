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

/** The phase formulation against its definition: upsample, reflect pad, 3x3 convolution. */
class UpsampleConvolutionTest {

    private static final ConvLayer LAYER = new ConvLayer("up", 5, 4, 3, 1, 2, Activation.RELU);

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    @Test
    void handlesOnlyUpsamplingByTwoThenThreeByThree() {
        assertThat(ConvForm.of(LAYER)).isEqualTo(ConvForm.UPSAMPLE_PHASES);
        assertThat(ConvForm.of(new ConvLayer("a", 5, 4, 3, 1, 1, Activation.RELU)))
                .isNotEqualTo(ConvForm.UPSAMPLE_PHASES);
        assertThat(ConvForm.of(new ConvLayer("b", 5, 4, 1, 1, 2, Activation.RELU)))
                .isNotEqualTo(ConvForm.UPSAMPLE_PHASES);
        assertThat(ConvForm.of(new ConvLayer("c", 5, 4, 5, 1, 2, Activation.RELU)))
                .isNotEqualTo(ConvForm.UPSAMPLE_PHASES);
    }

    @Test
    void equalsUpsamplingPaddingAndConvolving() {
        NDArray x = EngineArrays.random(ENGINE.manager(), 1, 2, 5, 7, 6);
        NDArray weight = EngineArrays.random(ENGINE.manager(), 2, 4, 5, 3, 3);
        float[] phases = EngineArrays.inference(() -> UpsampleConvolution.apply(LAYER, edge(x), weight, false));
        float[] direct = EngineArrays.inference(() -> direct(x, weight));

        assertThat(phases).hasSize(2 * 4 * 14 * 12);
        EngineArrays.assertClose(phases, direct, 1e-5);
    }

    @Test
    void hasTheDefinitionsGradients() {
        NDArray x = EngineArrays.random(ENGINE.manager(), 3, 1, 5, 4, 5);
        NDArray weight = EngineArrays.random(ENGINE.manager(), 4, 4, 5, 3, 3);
        float[][] phases = EngineArrays.gradients(ENGINE.manager(), a -> UpsampleConvolution.apply(LAYER, edge(a[0]), a[1],
                false),
                x, weight);
        float[][] direct = EngineArrays.gradients(ENGINE.manager(), a -> direct(a[0], a[1]), x, weight);

        EngineArrays.assertClose(phases[0], direct[0], 1e-5);
        EngineArrays.assertClose(phases[1], direct[1], 1e-5);
    }

    private static NDArray edge(NDArray x) {
        return MirrorPad.apply(x, 1, MirrorPad.Mode.SYMMETRIC);
    }

    private static NDArray direct(NDArray x, NDArray weight) {
        NDArray padded = MirrorPad.apply(NearestUpsample.apply(x, 2), 1, MirrorPad.Mode.REFLECT);
        return Conv2d.conv2d(padded, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
