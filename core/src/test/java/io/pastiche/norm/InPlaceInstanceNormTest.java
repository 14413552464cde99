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
    void channelsLastAgreesWithThePlanesForEveryActivation() {
        Random random = new Random(11);
        // two images, 5 channels, 3,001 positions: several chunks and runs, not a multiple of anything
        int images = 2;
        int channels = 5;
        int positions = 3_001;
        int start = 3;
        float[] gamma = new float[images * channels];
        float[] beta = new float[images * channels];
        for (int i = 0; i < gamma.length; i++) {
            gamma[i] = (float) random.nextGaussian();
            beta[i] = (float) random.nextGaussian();
        }
        for (Activation activation : Activation.values()) {
            float[] last = new float[start + images * positions * channels + 2];
            for (int i = 0; i < last.length; i++) {
                last[i] = 500f + (float) random.nextGaussian() * 2f;
            }
            float[] planes = planes(last, start, images, positions, channels);
            float[] before = last.clone();
            InPlaceInstanceNorm.applyChannelsLast(FloatBuffer.wrap(last), start, images, positions, channels, gamma,
                    beta, activation);
            InPlaceInstanceNorm.apply(FloatBuffer.wrap(planes), 0, images * channels, positions, gamma, beta,
                    activation);

            assertAgree(last, start, channelsLast(planes, images, positions, channels), activation);
            assertThat(last[start - 1]).isEqualTo(before[start - 1]);
            assertThat(last[last.length - 1]).isEqualTo(before[last.length - 1]);
        }
    }

    @Test
    void channelsLastPerPositionAgreesWithThePlanes() {
        // a few styles, and more than the planes pass fuses
        channelsLastPerPositionAgreesWithThePlanes(3);
        channelsLastPerPositionAgreesWithThePlanes(4);
    }

    private static void channelsLastPerPositionAgreesWithThePlanes(int styles) {
        Random random = new Random(13);
        int images = 2;
        int channels = 6;
        int positions = 2_503;
        float[] gammaRows = new float[styles * channels];
        float[] betaRows = new float[styles * channels];
        for (int i = 0; i < gammaRows.length; i++) {
            gammaRows[i] = (float) random.nextGaussian();
            betaRows[i] = (float) random.nextGaussian();
        }
        float[] weights = new float[styles * positions];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextFloat();
        }
        for (Activation activation : Activation.values()) {
            PerPositionAffine affine = new PerPositionAffine(gammaRows, betaRows, styles, activation);
            float[] last = new float[images * positions * channels];
            for (int i = 0; i < last.length; i++) {
                last[i] = 20f + (float) random.nextGaussian() * 3f;
            }
            float[] planes = planes(last, 0, images, positions, channels);
            float[] lastScale = new float[images * channels];
            float[] lastShift = new float[images * channels];
            InPlaceInstanceNorm.normalizersChannelsLast(FloatBuffer.wrap(last), 0, images, positions, channels,
                    lastScale, lastShift);
            affine.applyChannelsLast(FloatBuffer.wrap(last), 0, images, lastScale, lastShift, weights, positions);
            float[] scale = new float[images * channels];
            float[] shift = new float[images * channels];
            InPlaceInstanceNorm.normalizers(FloatBuffer.wrap(planes), 0, images * channels, positions, scale, shift);
            affine.apply(FloatBuffer.wrap(planes), 0, images * channels, scale, shift, weights, positions);

            assertAgree(last, 0, channelsLast(planes, images, positions, channels), activation);
        }
    }

    /** The planes ({@code [B, C, H * W]}) of a channels-last map that starts at {@code start}. */
    private static float[] planes(float[] last, int start, int images, int positions, int channels) {
        float[] planes = new float[images * channels * positions];
        for (int b = 0; b < images; b++) {
            for (int p = 0; p < positions; p++) {
                for (int c = 0; c < channels; c++) {
                    planes[(b * channels + c) * positions + p] = last[start + (b * positions + p) * channels + c];
                }
            }
        }
        return planes;
    }

    /** The channels-last map ({@code [B, H * W, C]}) of planes. */
    private static float[] channelsLast(float[] planes, int images, int positions, int channels) {
        float[] last = new float[planes.length];
        for (int b = 0; b < images; b++) {
            for (int p = 0; p < positions; p++) {
                for (int c = 0; c < channels; c++) {
                    last[(b * positions + p) * channels + c] = planes[(b * channels + c) * positions + p];
                }
            }
        }
        return last;
    }

    /** A channels-last map from {@code start} agrees with the expected one within 1e-5 of its largest value. */
    private static void assertAgree(float[] last, int start, float[] expected, Activation activation) {
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(last[start + i] - expected[i]));
        }
        assertThat(worst).as(activation.name()).isLessThan(1e-5 * largest);
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
