package io.pastiche.tiling;

import io.pastiche.network.Activation;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.PerPositionAffine;
import java.nio.FloatBuffer;
import java.util.function.IntToDoubleFunction;

/**
 * One layer's conditional instance normalisation and activation with the whole map's statistics, as a scale and
 * shift per plane: {@code v -> activation(a * v + b)}; or, for a style mask, the plane normalised with its
 * statistics and then scaled and shifted per position by the mask's styles mixed with their weights there
 * ({@link #applyMasked}). Immutable.
 */
final class Normalization {

    private final float[] scale;
    private final float[] shift;
    private final Activation activation;
    /** For a mask: the scale and shift per position; null otherwise. */
    private final PerPositionAffine perPosition;
    private final int channels;

    private Normalization(float[] scale, float[] shift, Activation activation, PerPositionAffine perPosition,
                          int channels) {
        this.scale = scale;
        this.shift = shift;
        this.activation = activation;
        this.perPosition = perPosition;
        this.channels = channels;
    }

    /**
     * From the map's sums and sums of squares per plane ({@code n * channels + c}), over {@code count} values each,
     * and the batch's gamma and beta in the same order; the biased variance, as every backend uses.
     */
    static Normalization of(double[] sum, double[] squares, double count, float[] gamma, float[] beta,
                            Activation activation) {
        return fold(sum, squares, count, plane -> gamma[plane], plane -> beta[plane], activation, null, 0);
    }

    /**
     * For a style mask: from the map's sums as {@link #of}, and the mask's styles' gamma and beta rows
     * {@code [S, C]}, which scale and shift each position after the plane is normalised.
     */
    static Normalization masked(double[] sum, double[] squares, double count, int channels, float[] gammaRows,
                                float[] betaRows, Activation activation) {
        return fold(sum, squares, count, plane -> 1, plane -> 0, activation, new PerPositionAffine(
                gammaRows.clone(), betaRows.clone(), gammaRows.length / channels, activation), channels);
    }

    /** Per plane, {@code a = gamma / sqrt(var + eps)} and {@code b = beta - mean * a}. */
    private static Normalization fold(double[] sum, double[] squares, double count, IntToDoubleFunction gamma,
                                      IntToDoubleFunction beta, Activation activation, PerPositionAffine perPosition,
                                      int channels) {
        float[] a = new float[sum.length];
        float[] b = new float[sum.length];
        for (int plane = 0; plane < sum.length; plane++) {
            double mean = sum[plane] / count;
            double variance = Math.max(0, squares[plane] / count - mean * mean);
            double s = gamma.applyAsDouble(plane) / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
            a[plane] = (float) s;
            b[plane] = (float) (beta.applyAsDouble(plane) - mean * s);
        }
        return new Normalization(a, b, activation, perPosition, channels);
    }

    /**
     * A masked normalisation of every plane of a band, in place: {@code values} values per plane, the styles'
     * weights of its positions {@code [S, values]}.
     */
    void applyMasked(float[] band, int planes, float[] weights, int values) {
        perPosition.apply(FloatBuffer.wrap(band), 0, planes, scale, shift, weights, values);
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
