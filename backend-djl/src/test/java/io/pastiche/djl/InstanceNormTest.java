package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.pastiche.network.Activation;
import io.pastiche.norm.ConditionalInstanceNorm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceNormTest {

    @RegisterExtension
    static final EngineManager ENGINE = new EngineManager();

    /** Both paths: in place (grad mode off, inference) and out of place (grad mode on, training). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void normalisesEachPlaneWithItsImagesGammaAndBeta(boolean gradMode) {
        int batch = 2;
        int channels = 3;
        int height = 5;
        int width = 7;
        NDArray x = EngineArrays.random(ENGINE.manager(), 1, batch, channels, height, width).mul(3f).add(2f);
        NDArray gamma = EngineArrays.random(ENGINE.manager(), 2, batch, channels);
        NDArray beta = EngineArrays.random(ENGINE.manager(), 3, batch, channels);
        float[] in = x.toFloatArray();
        float[] g = gamma.toFloatArray();
        float[] b = beta.toFloatArray();

        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(gradMode);
        float[] out;
        try {
            out = InstanceNorm.apply(x, gamma, beta).toFloatArray();
        } finally {
            JniUtils.setGradMode(before);
        }

        int pixels = height * width;
        for (int plane = 0; plane < batch * channels; plane++) {
            double mean = 0;
            for (int p = 0; p < pixels; p++) {
                mean += in[plane * pixels + p];
            }
            mean /= pixels;
            double var = 0;
            for (int p = 0; p < pixels; p++) {
                double d = in[plane * pixels + p] - mean;
                var += d * d;
            }
            var /= pixels;
            for (int p = 0; p < pixels; p++) {
                double expected = g[plane] * (in[plane * pixels + p] - mean)
                        / Math.sqrt(var + ConditionalInstanceNorm.EPSILON) + b[plane];
                assertThat((double) out[plane * pixels + p]).as("plane %d pixel %d", plane, p)
                        .isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void inferenceNormalisesAndActivatesTheTensorsOwnMemory() {
        NDArray x = EngineArrays.random(ENGINE.manager(), 4, 2, 3, 6, 5).mul(3f).add(2f);
        NDArray gamma = EngineArrays.random(ENGINE.manager(), 5, 2, 3);
        NDArray beta = EngineArrays.random(ENGINE.manager(), 6, 2, 3);
        float[] expected = EngineArrays.inference(() ->
                ai.djl.nn.Activation.relu(InstanceNorm.apply(x.duplicate(), gamma, beta)));
        NDArray channelsLast = ChannelsLast.of(x);

        InstanceNorm.inPlace(channelsLast, gamma.toFloatArray(), beta.toFloatArray(), Activation.RELU);

        EngineArrays.assertClose(channelsLast.toFloatArray(), expected, 1e-5);
    }

    @Test
    void refusesGammaOfAnotherSize() {
        NDArray x = EngineArrays.random(ENGINE.manager(), 1, 1, 3, 4, 4);
        NDArray two = EngineArrays.random(ENGINE.manager(), 2, 1, 2);
        assertThatThrownBy(() -> InstanceNorm.apply(x, two, two)).isInstanceOf(IllegalArgumentException.class);
    }
}
