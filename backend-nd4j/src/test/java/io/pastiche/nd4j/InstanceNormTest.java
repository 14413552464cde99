package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.network.Activation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InstanceNormTest {

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    /** The host pass (what the CPU runs) and the libnd4j operations (what a GPU build runs) agree. */
    @Test
    void theJavaPassAndTheEngineOperationsGiveTheSameResult() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 7, 5).muli(4).addi(1);
        float[] gamma = {1.5f, -0.5f, 0.25f, 2f, 1f, -1f};
        float[] beta = {0.1f, -0.2f, 0.3f, 0f, 1f, -1f};
        float[] expected = Activations.apply(Activation.RELU, InstanceNorm.onDevice(x.dup(), gamma, beta))
                .data().asFloat();
        INDArray channelsLast = x.permute(0, 2, 3, 1).dup('c');
        float[] actual = InstanceNorm.inference(x, gamma, beta, Activation.RELU, Layout.NCHW).data().asFloat();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5f));
        }
        assertThat(actual).contains(0f); // the ReLU cut something

        float[] nhwc = InstanceNorm.inference(channelsLast, gamma, beta, Activation.RELU, Layout.NHWC)
                .permute(0, 3, 1, 2).dup('c').data().asFloat();
        for (int i = 0; i < expected.length; i++) {
            assertThat(nhwc[i]).as("channels-last value %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }
}
