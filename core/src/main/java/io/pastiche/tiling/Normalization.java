package io.pastiche.tiling;

import io.pastiche.network.Activation;
import io.pastiche.norm.ConditionalInstanceNorm;

/**
 * One layer's conditional instance normalisation and activation with the whole map's statistics, as a scale and
 * shift per plane: {@code v -> activation(a * v + b)}. Immutable.
 */
final class Normalization {

    private final float[] scale;
    private final float[] shift;
    private final Activation activation;

    private Normalization(float[] scale, float[] shift, Activation activation) {
        this.scale = scale;
        this.shift = shift;
        this.activation = activation;
    }

    /**
     * From the map's sums and sums of squares per plane ({@code n * channels + c}), over {@code count} values each,
     * and the batch's gamma and beta in the same order; the biased variance, as every backend uses.
     */
    static Normalization of(double[] sum, double[] squares, double count, float[] gamma, float[] beta,
                            Activation activation) {
        float[] a = new float[sum.length];
        float[] b = new float[sum.length];
        for (int plane = 0; plane < sum.length; plane++) {
            double mean = sum[plane] / count;
            double variance = Math.max(0, squares[plane] / count - mean * mean);
            double s = gamma[plane] / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
            a[plane] = (float) s;
            b[plane] = (float) (beta[plane] - mean * s);
        }
        return new Normalization(a, b, activation);
    }

    /** Normalises and activates {@code values} values of one plane from {@code from}, in place. */
    void apply(int plane, float[] v, int from, int values) {
        float a = scale[plane];
        float b = shift[plane];
        int end = from + values;
        // one loop per activation: the switch stays out of the loop
        switch (activation) {
            case RELU -> {
                for (int j = from; j < end; j++) {
                    v[j] = Math.max(0f, v[j] * a + b);
                }
            }
            case NONE -> {
                for (int j = from; j < end; j++) {
                    v[j] = v[j] * a + b;
                }
            }
            case SIGMOID -> {
                for (int j = from; j < end; j++) {
                    v[j] = (float) activation.apply(v[j] * a + b);
                }
            }
        }
    }
}
