package io.pastiche.norm;

import io.pastiche.StyleMix;
import java.util.Arrays;
import java.util.Map;

/**
 * The style tables of one conditional instance normalisation layer: gamma and beta of shape [N, C], one row per
 * style. For a feature map {@code x} of one image, per channel {@code c}:
 *
 * <pre>y_c = gamma_c * (x_c - mean_c) / sqrt(var_c + EPSILON) + beta_c</pre>
 *
 * with mean and (biased) variance over the spatial axes, and gamma, beta the row of the chosen style or a
 * weighted sum of rows ({@link StyleMix}). Immutable.
 */
public final class ConditionalInstanceNorm {

    /** The epsilon of the reference implementation. */
    public static final double EPSILON = 1e-5;

    private final String layer;
    private final int styles;
    private final int channels;
    private final float[] gamma;
    private final float[] beta;

    /**
     * @param layer    the name of the convolution this layer follows
     * @param styles   N, the number of styles (rows)
     * @param channels C
     * @param gamma    N*C values, row-major (style, channel); copied
     * @param beta     N*C values, row-major; copied
     */
    public ConditionalInstanceNorm(String layer, int styles, int channels, float[] gamma, float[] beta) {
        if (styles < 1 || channels < 1) {
            throw new IllegalArgumentException(layer + ": need at least one style and one channel");
        }
        long size = (long) styles * channels;
        if (gamma.length != size || beta.length != size) {
            throw new IllegalArgumentException(layer + ": gamma and beta need " + styles + "x" + channels
                    + " values, got " + gamma.length + " and " + beta.length);
        }
        this.layer = layer;
        this.styles = styles;
        this.channels = channels;
        this.gamma = gamma.clone();
        this.beta = beta.clone();
    }

    /** A layer with gamma = 1 and beta = 0 for every style: the initial state of training. */
    public static ConditionalInstanceNorm identity(String layer, int styles, int channels) {
        float[] gamma = new float[styles * channels];
        Arrays.fill(gamma, 1f);
        return new ConditionalInstanceNorm(layer, styles, channels, gamma, new float[styles * channels]);
    }

    public String layer() {
        return layer;
    }

    public int styles() {
        return styles;
    }

    public int channels() {
        return channels;
    }

    /** A copy of the whole gamma table, row-major [N, C]. */
    public float[] gammaTable() {
        return gamma.clone();
    }

    /** A copy of the whole beta table, row-major [N, C]. */
    public float[] betaTable() {
        return beta.clone();
    }

    /** Gamma of one style (a copy). */
    public float[] gamma(int style) {
        checkStyle(style);
        return Arrays.copyOfRange(gamma, style * channels, (style + 1) * channels);
    }

    /** Beta of one style (a copy). */
    public float[] beta(int style) {
        checkStyle(style);
        return Arrays.copyOfRange(beta, style * channels, (style + 1) * channels);
    }

    /** {@code sum_i w_i * gamma[i]}, accumulated in double. */
    public float[] mixGamma(StyleMix mix) {
        return mix(gamma, mix);
    }

    /** {@code sum_i w_i * beta[i]}, accumulated in double. */
    public float[] mixBeta(StyleMix mix) {
        return mix(beta, mix);
    }

    private float[] mix(float[] table, StyleMix mix) {
        double[] sum = new double[channels];
        for (Map.Entry<Integer, Double> e : mix.weights().entrySet()) {
            int style = e.getKey();
            checkStyle(style);
            double w = e.getValue();
            for (int c = 0; c < channels; c++) {
                sum[c] += w * table[style * channels + c];
            }
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = (float) sum[c];
        }
        return out;
    }

    private void checkStyle(int style) {
        if (style < 0 || style >= styles) {
            throw new IndexOutOfBoundsException("style " + style + " is not in 0.." + (styles - 1));
        }
    }
}
