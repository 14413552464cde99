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
     * @throws IllegalArgumentException if N or C is less than 1, or an array is not N*C long
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

    /**
     * A layer with gamma = 1 and beta = 0 for every style: the initial state of training.
     *
     * @param layer    the name of the convolution this layer follows
     * @param styles   N, at least 1
     * @param channels C, at least 1
     * @return the layer
     * @throws IllegalArgumentException if N or C is 0
     */
    public static ConditionalInstanceNorm identity(String layer, int styles, int channels) {
        float[] gamma = new float[styles * channels];
        Arrays.fill(gamma, 1f);
        return new ConditionalInstanceNorm(layer, styles, channels, gamma, new float[styles * channels]);
    }

    /**
     * The layer's name.
     *
     * @return the name of the convolution this layer follows, for example {@code contract/conv1}
     */
    public String layer() {
        return layer;
    }

    /**
     * The number of styles.
     *
     * @return N, the rows of each table
     */
    public int styles() {
        return styles;
    }

    /**
     * The number of channels.
     *
     * @return C, the columns of each table
     */
    public int channels() {
        return channels;
    }

    /**
     * The whole gamma table.
     *
     * @return a copy, N*C values, row-major [N, C]
     */
    public float[] gammaTable() {
        return gamma.clone();
    }

    /**
     * The whole beta table.
     *
     * @return a copy, N*C values, row-major [N, C]
     */
    public float[] betaTable() {
        return beta.clone();
    }

    /**
     * Gamma of one style.
     *
     * @param style the style's index, in 0..N-1
     * @return a copy of its row, C values
     * @throws IndexOutOfBoundsException if {@code style} is not in 0..N-1
     */
    public float[] gamma(int style) {
        checkStyle(style);
        return Arrays.copyOfRange(gamma, style * channels, (style + 1) * channels);
    }

    /**
     * Beta of one style.
     *
     * @param style the style's index, in 0..N-1
     * @return a copy of its row, C values
     * @throws IndexOutOfBoundsException if {@code style} is not in 0..N-1
     */
    public float[] beta(int style) {
        checkStyle(style);
        return Arrays.copyOfRange(beta, style * channels, (style + 1) * channels);
    }

    /**
     * Gamma of a mix of styles: {@code sum_i w_i * gamma[i]}, accumulated in double.
     *
     * @param mix styles in 0..N-1 and their weights, used as given
     * @return C values
     * @throws IndexOutOfBoundsException if the mix names a style not in 0..N-1
     */
    public float[] mixGamma(StyleMix mix) {
        return mix(gamma, mix);
    }

    /**
     * Beta of a mix of styles: {@code sum_i w_i * beta[i]}, accumulated in double.
     *
     * @param mix styles in 0..N-1 and their weights, used as given
     * @return C values
     * @throws IndexOutOfBoundsException if the mix names a style not in 0..N-1
     */
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
