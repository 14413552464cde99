package io.pastiche.tiling;

import io.pastiche.network.Activation;
import io.pastiche.norm.ConditionalInstanceNorm;

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
    /** For a mask: the styles' gamma and beta rows {@code [S, C]}; null otherwise. */
    private final float[] gammaRows;
    private final float[] betaRows;
    private final int channels;

    private Normalization(float[] scale, float[] shift, Activation activation, float[] gammaRows,
                          float[] betaRows, int channels) {
        this.scale = scale;
        this.shift = shift;
        this.activation = activation;
        this.gammaRows = gammaRows;
        this.betaRows = betaRows;
        this.channels = channels;
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
        return new Normalization(a, b, activation, null, null, 0);
    }

    /**
     * For a style mask: from the map's sums as {@link #of}, and the mask's styles' gamma and beta rows
     * {@code [S, C]}.
     */
    static Normalization masked(double[] sum, double[] squares, double count, int channels, float[] gammaRows,
                                float[] betaRows, Activation activation) {
        float[] a = new float[sum.length];
        float[] b = new float[sum.length];
        for (int plane = 0; plane < sum.length; plane++) {
            double mean = sum[plane] / count;
            double variance = Math.max(0, squares[plane] / count - mean * mean);
            double s = 1 / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
            a[plane] = (float) s;
            b[plane] = (float) (-mean * s);
        }
        return new Normalization(a, b, activation, gammaRows.clone(), betaRows.clone(), channels);
    }

    /** Whether this normalises per position ({@link #masked}). */
    boolean isMasked() {
        return gammaRows != null;
    }

    /**
     * A masked normalisation of {@code values} values of one plane from {@code from}, in place: at value
     * {@code j}, the styles' weights are {@code weights[s * stride + j]}.
     */
    void applyMasked(int plane, float[] v, int from, int values, float[] weights, int stride) {
        int c = plane % channels;
        int styles = gammaRows.length / channels;
        float a = scale[plane];
        float b = shift[plane];
        for (int j = 0; j < values; j++) {
            float gamma = 0;
            float beta = 0;
            for (int s = 0; s < styles; s++) {
                float w = weights[s * stride + j];
                gamma += w * gammaRows[s * channels + c];
                beta += w * betaRows[s * channels + c];
            }
            float normed = (v[from + j] * a + b) * gamma + beta;
            v[from + j] = switch (activation) {
                case RELU -> Math.max(0f, normed);
                case NONE -> normed;
                case SIGMOID -> (float) activation.apply(normed);
            };
        }
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
