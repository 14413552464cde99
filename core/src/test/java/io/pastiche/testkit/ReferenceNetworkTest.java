package io.pastiche.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import org.junit.jupiter.api.Test;

/** The reference is the definition; these pin its pieces to hand-computed values. */
class ReferenceNetworkTest {

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        FeatureMap row = new FeatureMap(new double[] {1, 2, 3}, 1, 1, 3);
        FeatureMap padded = ReferenceNetwork.reflectPad(new FeatureMap(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3), 2);
        assertThat(padded.height()).isEqualTo(7);
        double[] middleRow = new double[7];
        for (int x = 0; x < 7; x++) {
            middleRow[x] = padded.get(0, 3, x);
        }
        assertThat(middleRow).containsExactly(6, 5, 4, 5, 6, 5, 4);
        assertThat(padded.get(0, 0, 2)).isEqualTo(7); // row -2 mirrors row 2
        assertThat(row.get(0, 0, 2)).isEqualTo(3);
    }

    @Test
    void convolutionIsCrossCorrelationWithStride() {
        FeatureMap x = new FeatureMap(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
            19, 20, 21, 22, 23, 24, 25}, 1, 5, 5);
        float[] w = {1, 0, 0, 0, 0, 0, 0, 0, 2}; // top-left + 2 * bottom-right
        FeatureMap y = ReferenceNetwork.convolve(x, w, new ConvLayer("c", 1, 1, 3, 2, 1, Activation.NONE));
        assertThat(y.height()).isEqualTo(2);
        assertThat(y.data()).containsExactly(1 + 2 * 13, 3 + 2 * 15, 11 + 2 * 23, 13 + 2 * 25);
    }

    @Test
    void instanceNormGivesEachChannelGammaSpreadAroundBeta() {
        FeatureMap x = new FeatureMap(new double[] {1, 2, 3, 4, 10, 10, 10, 14}, 2, 2, 2);
        FeatureMap y = ReferenceNetwork.instanceNorm(x, new float[] {2, 1}, new float[] {0.5f, -1});
        double mean0 = (y.data()[0] + y.data()[1] + y.data()[2] + y.data()[3]) / 4;
        assertThat(mean0).isCloseTo(0.5, within(1e-12));
        double var0 = 0;
        for (int i = 0; i < 4; i++) {
            var0 += (y.data()[i] - 0.5) * (y.data()[i] - 0.5) / 4;
        }
        // biased variance 1.25, so the std is 2 * sqrt(1.25 / (1.25 + 1e-5))
        assertThat(Math.sqrt(var0)).isCloseTo(2 * Math.sqrt(1.25 / (1.25 + 1e-5)), within(1e-12));
        assertThat(y.data()[4]).isCloseTo(-1 - 1 / Math.sqrt(3 + 1e-5), within(1e-12));
    }

    @Test
    void upsamplingRepeatsEachPixel() {
        FeatureMap x = new FeatureMap(new double[] {1, 2, 3, 4}, 1, 2, 2);
        assertThat(ReferenceNetwork.upsampleNearest(x, 2).data())
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }
}
