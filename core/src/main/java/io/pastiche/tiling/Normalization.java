package io.pastiche.tiling;

import io.pastiche.network.Activation;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.PerPositionAffine;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * One layer's conditional instance normalisation and activation with the whole map's statistics, as a scale and
 * shift per image and channel: {@code v -> activation(a * v + b)}, applied to channels-last runs of pixels; or, for
 * a style mask, the map normalised with its statistics and then scaled and shifted per position by the mask's
 * styles mixed with their weights there ({@link #applyMasked}). Immutable.
 */
final class Normalization {

    /** Values per chunk of a pass: whole pixels, the scale and shift repeated for each. */
    private static final int CHUNK = 1024;

    private final int channels;
    private final float[] scale;
    private final float[] shift;
    /** Per image, its scale and shift repeated for every pixel of a chunk: one index for every array, vectorised. */
    private final float[][] repeatedScale;
    private final float[][] repeatedShift;
    private final Activation activation;
    /** For a mask: the scale and shift per position; null otherwise. */
    private final PerPositionAffine perPosition;

    private Normalization(int channels, float[] scale, float[] shift, Activation activation,
                          PerPositionAffine perPosition) {
        this.channels = channels;
        this.scale = scale;
        this.shift = shift;
        this.activation = activation;
        this.perPosition = perPosition;
        int images = scale.length / channels;
        int pixels = Math.max(1, CHUNK / channels);
        this.repeatedScale = new float[images][pixels * channels];
        this.repeatedShift = new float[images][pixels * channels];
        for (int n = 0; n < images; n++) {
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(scale, n * channels, repeatedScale[n], p * channels, channels);
                System.arraycopy(shift, n * channels, repeatedShift[n], p * channels, channels);
            }
        }
    }

    /**
     * From the map's moments (per image and channel, {@code n * channels + c}) and the batch's gamma and beta in
     * the same order; the biased variance, as every backend uses.
     */
    static Normalization of(Moments moments, float[] gamma, float[] beta, Activation activation) {
        return fold(moments, plane -> gamma[plane], plane -> beta[plane], activation, null);
    }

    /**
     * For a style mask: from the map's moments, and the mask's styles' gamma and beta rows {@code [S, C]}, which
     * scale and shift each position after the map is normalised.
     */
    static Normalization masked(Moments moments, float[] gammaRows, float[] betaRows, Activation activation) {
        return fold(moments, plane -> 1, plane -> 0, activation, new PerPositionAffine(gammaRows.clone(),
                betaRows.clone(), gammaRows.length / moments.channels(), activation));
    }

    /** Per plane, {@code a = gamma / sqrt(var + eps)} and {@code b = beta - mean * a}. */
    private static Normalization fold(Moments moments, IntToDoubleFunction gamma, IntToDoubleFunction beta,
                                      Activation activation, PerPositionAffine perPosition) {
        double[] sum = moments.sum();
        double[] squares = moments.squares();
        double count = moments.count();
        float[] a = new float[sum.length];
        float[] b = new float[sum.length];
        for (int plane = 0; plane < sum.length; plane++) {
            double mean = sum[plane] / count;
            double variance = Math.max(0, squares[plane] / count - mean * mean);
            double s = gamma.applyAsDouble(plane) / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
            a[plane] = (float) s;
            b[plane] = (float) (beta.applyAsDouble(plane) - mean * s);
        }
        return new Normalization(moments.channels(), a, b, activation, perPosition);
    }

    /**
     * A masked normalisation of rows of one image, channels-last, in place: {@code positions} pixels from index 0,
     * the styles' weights of those positions {@code [S, positions]}.
     */
    void applyMasked(int image, float[] rows, float[] weights, int positions) {
        perPosition.applyChannelsLast(FloatBuffer.wrap(rows), 0, 1,
                Arrays.copyOfRange(scale, image * channels, (image + 1) * channels),
                Arrays.copyOfRange(shift, image * channels, (image + 1) * channels), weights, positions);
    }

    /** Normalises and activates {@code pixels} pixels of image {@code image}, channels-last from {@code from}. */
    void apply(int image, float[] v, int from, int pixels) {
        float[] a = repeatedScale[image];
        float[] b = repeatedShift[image];
        int values = pixels * channels;
        for (int start = 0; start < values; start += a.length) {
            int n = Math.min(a.length, values - start);
            int o = from + start;
            // one loop per activation: the switch stays out of the loop
            switch (activation) {
                case RELU -> {
                    for (int i = 0; i < n; i++) {
                        v[o + i] = Math.max(0f, v[o + i] * a[i] + b[i]);
                    }
                }
                case NONE -> {
                    for (int i = 0; i < n; i++) {
                        v[o + i] = v[o + i] * a[i] + b[i];
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < n; i++) {
                        v[o + i] = (float) activation.apply(v[o + i] * a[i] + b[i]);
                    }
                }
            }
        }
    }
}
