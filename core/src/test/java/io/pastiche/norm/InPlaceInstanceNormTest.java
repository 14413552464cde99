package io.pastiche.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.Activation;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InPlaceInstanceNormTest {

    @Test
    void agreesWithTheFormulaInDoublePrecisionForEveryActivation() {
        Random random = new Random(7);
        // 3 planes of 9,001 values: more than one chunk, and not a multiple of the unrolling
        int planes = 3;
        int positions = 9_001;
        int start = 5;
        for (Activation activation : Activation.values()) {
            float[] values = new float[start + planes * positions + 4];
            for (int i = 0; i < values.length; i++) {
                // a mean far from zero, where summing squares without a shift would lose the variance
                values[i] = 1000f + (float) random.nextGaussian() * 0.5f;
            }
            float[] gamma = {1.5f, -0.7f, 0.2f};
            float[] beta = {0.1f, 2f, -1f};
            float[] before = values.clone();
            InPlaceInstanceNorm.apply(FloatBuffer.wrap(values), start, planes, positions, gamma, beta, activation);

            double largest = 0;
            double worst = 0;
            for (int q = 0; q < planes; q++) {
                int at = start + q * positions;
                double mean = 0;
                for (int p = 0; p < positions; p++) {
                    mean += before[at + p];
                }
                mean /= positions;
                double variance = 0;
                for (int p = 0; p < positions; p++) {
                    variance += (before[at + p] - mean) * (before[at + p] - mean);
                }
                variance /= positions;
                for (int p = 0; p < positions; p++) {
                    double expected = activation.apply(gamma[q] * (before[at + p] - mean)
                            / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON) + beta[q]);
                    largest = Math.max(largest, Math.abs(expected));
                    worst = Math.max(worst, Math.abs(values[at + p] - expected));
                }
            }
            assertThat(worst).as(activation.name()).isLessThan(1e-4 * largest);
            // nothing outside the planes is touched
            assertThat(values[start - 1]).isEqualTo(before[start - 1]);
            assertThat(values[start + planes * positions]).isEqualTo(before[start + planes * positions]);
        }
    }

    @Test
    void aConstantPlaneBecomesItsBeta() {
        float[] values = new float[100];
        java.util.Arrays.fill(values, 3f);
        InPlaceInstanceNorm.apply(FloatBuffer.wrap(values), 0, 1, 100, new float[] {2f}, new float[] {0.25f},
                Activation.NONE);
        assertThat(values).containsOnly(0.25f);
    }

    @Test
    void refusesPlanesBeyondTheBufferOrWithoutTheirGammaAndBeta() {
        FloatBuffer data = FloatBuffer.allocate(10);
        assertThatThrownBy(() -> InPlaceInstanceNorm.apply(data, 2, 2, 5, new float[2], new float[2],
                Activation.RELU)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass the end");
        assertThatThrownBy(() -> InPlaceInstanceNorm.apply(data, 0, 2, 5, new float[1], new float[2],
                Activation.RELU)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma");
    }
}
