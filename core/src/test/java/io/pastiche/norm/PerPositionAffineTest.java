package io.pastiche.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.Activation;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerPositionAffineTest {

    private static final int IMAGES = 2;
    private static final int CHANNELS = 5;
    /** More than one chunk of either layout, and not a multiple of one. */
    private static final int POSITIONS = 4_999;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void bothLayoutsAgreeWithTheFormulaInDoublePrecision(int styles) {
        Random random = new Random(31 + styles);
        float[] gammaRows = gaussians(random, styles * CHANNELS);
        float[] betaRows = gaussians(random, styles * CHANNELS);
        float[] weights = maskWeights(random, styles);
        float[] scale = new float[IMAGES * CHANNELS];
        float[] shift = new float[IMAGES * CHANNELS];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = 0.5f + random.nextFloat();
            shift[i] = (float) random.nextGaussian();
        }
        for (Activation activation : Activation.values()) {
            PerPositionAffine affine = new PerPositionAffine(gammaRows, betaRows, styles, activation);
            float[] planes = gaussians(random, IMAGES * CHANNELS * POSITIONS);
            float[] last = new float[planes.length];
            double[] expected = new double[planes.length];
            for (int q = 0; q < IMAGES * CHANNELS; q++) {
                int b = q / CHANNELS;
                int c = q % CHANNELS;
                for (int p = 0; p < POSITIONS; p++) {
                    double gamma = 0;
                    double beta = 0;
                    for (int s = 0; s < styles; s++) {
                        gamma += (double) weights[s * POSITIONS + p] * gammaRows[s * CHANNELS + c];
                        beta += (double) weights[s * POSITIONS + p] * betaRows[s * CHANNELS + c];
                    }
                    float v = planes[q * POSITIONS + p];
                    expected[q * POSITIONS + p] = activation.apply(((double) v * scale[q] + shift[q]) * gamma + beta);
                    last[(b * POSITIONS + p) * CHANNELS + c] = v;
                }
            }

            affine.apply(FloatBuffer.wrap(planes), 0, IMAGES * CHANNELS, scale, shift, weights, POSITIONS);
            affine.applyChannelsLast(FloatBuffer.wrap(last), 0, IMAGES, scale, shift, weights, POSITIONS);

            double largest = Arrays.stream(expected).map(Math::abs).max().orElse(0);
            double worstPlanes = 0;
            double worstLast = 0;
            for (int q = 0; q < IMAGES * CHANNELS; q++) {
                for (int p = 0; p < POSITIONS; p++) {
                    double want = expected[q * POSITIONS + p];
                    worstPlanes = Math.max(worstPlanes, Math.abs(planes[q * POSITIONS + p] - want));
                    int b = q / CHANNELS;
                    worstLast = Math.max(worstLast,
                            Math.abs(last[(b * POSITIONS + p) * CHANNELS + q % CHANNELS] - want));
                }
            }
            assertThat(worstPlanes).as("planes, " + activation).isLessThan(1e-5 * largest);
            assertThat(worstLast).as("channels-last, " + activation).isLessThan(1e-5 * largest);
        }
    }

    @Test
    void refusesWeightsOfAnotherSize() {
        PerPositionAffine affine = new PerPositionAffine(new float[6], new float[6], 2, Activation.NONE);
        float[] data = new float[3 * 10];

        assertThatThrownBy(() -> affine.apply(FloatBuffer.wrap(data), 0, 3, new float[3], new float[3],
                new float[2 * 9], 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
        assertThatThrownBy(() -> affine.applyChannelsLast(FloatBuffer.wrap(data), 0, 1, new float[3], new float[3],
                new float[2 * 9], 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
    }

    /**
     * A mask's weights: runs of one style alone (a region's inside), runs of one mix, runs whose weights change at
     * every position (a soft border), and single positions of each kind between them.
     */
    private static float[] maskWeights(Random random, int styles) {
        float[] weights = new float[styles * POSITIONS];
        for (int p = 0, end; p < POSITIONS; p = end) {
            end = Math.min(POSITIONS, p + (random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(900)));
            int kind = random.nextInt(3);
            int alone = random.nextInt(styles);
            float[] mix = new float[styles];
            for (int s = 0; s < styles; s++) {
                mix[s] = random.nextFloat();
            }
            for (int i = p; i < end; i++) {
                for (int s = 0; s < styles; s++) {
                    weights[s * POSITIONS + i] = switch (kind) {
                        case 0 -> s == alone ? 1f : 0f;
                        case 1 -> mix[s];
                        default -> random.nextFloat();
                    };
                }
            }
        }
        return weights;
    }

    private static float[] gaussians(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
