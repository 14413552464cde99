package io.pastiche.norm;

import io.pastiche.network.Activation;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The scale, shift and activation of a conditional instance normalisation whose gamma and beta vary per position (a
 * style mask), in plain Java over one plane at a time: each value {@code v} at position {@code p} of channel
 * {@code c} becomes {@code activation((v * a + b) * G + B)}, where {@code a} and {@code b} normalise the plane with
 * its statistics ({@code a = 1 / sqrt(var + eps)}, {@code b = -mean * a}; or 1 and 0 for a plane normalised
 * already) and {@code G = sum_s w_s(p) gamma_s(c)}, {@code B = sum_s w_s(p) beta_s(c)}.
 *
 * <p>Engines have no one operation for a scale and shift per position: built from their products and broadcasts
 * the same takes four or more passes over the map, where this takes one (the weights of a position are shared by
 * every channel, and a few thousand positions at a time stay in the cache while every plane passes). Core's tiled
 * execution and the backends whose feature maps Java can reach in memory use it. Immutable and thread-safe.
 */
public final class PerPositionAffine {

    /** Positions per chunk: the chunk and its weights stay in the L1/L2 cache while every plane passes. */
    private static final int CHUNK = 2048;
    /** Styles the one-loop form takes. */
    private static final int FUSED = 3;

    private final float[] gammaRows;
    private final float[] betaRows;
    private final int styles;
    private final int channels;
    private final Activation activation;

    /**
     * @param gammaRows  {@code [S, C]} row-major: the mask's styles' gamma of the layer; not copied
     * @param betaRows   {@code [S, C]}
     * @param styles     S
     * @param activation the layer's activation
     */
    public PerPositionAffine(float[] gammaRows, float[] betaRows, int styles, Activation activation) {
        if (styles < 1 || gammaRows.length % styles != 0 || betaRows.length != gammaRows.length) {
            throw new IllegalArgumentException("gamma and beta need S x C values each, S = " + styles);
        }
        this.gammaRows = gammaRows;
        this.betaRows = betaRows;
        this.styles = styles;
        this.channels = gammaRows.length / styles;
        this.activation = activation;
    }

    /**
     * Normalises, scales, shifts and activates every plane of a map (or of a band of its rows), in place. Plane
     * {@code q} (image {@code q / C}, channel {@code q % C}) holds {@code positions} values from
     * {@code start + q * positions}. The work is split by positions, so that each block's weights are read once
     * for every plane, and runs on the common fork-join pool.
     *
     * @param data      the values, planes one after another
     * @param start     the index in {@code data} of plane 0's first value
     * @param planes    how many planes: images times C
     * @param scale     per plane, {@code a}: {@code 1 / sqrt(var + eps)}, or 1 for a plane normalised already
     * @param shift     per plane, {@code b}: {@code -mean * a}, or 0
     * @param weights   the styles' weights {@code [S, positions]}
     * @param positions values per plane
     */
    public void apply(FloatBuffer data, int start, int planes, float[] scale, float[] shift, float[] weights,
                      int positions) {
        if (weights.length != styles * positions || scale.length < planes || shift.length < planes) {
            throw new IllegalArgumentException("a per-position scale needs S x positions weights and a scale and shift"
                    + " per plane");
        }
        int blocks = (positions + CHUNK - 1) / CHUNK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = block * CHUNK;
            int n = Math.min(CHUNK, positions - from);
            // each style's weights in an array of its own: the loops below then vectorise (one array read at
            // three offsets does not, measured: three times slower)
            float[][] w = new float[Math.max(styles, FUSED)][n];
            for (int s = 0; s < styles; s++) {
                System.arraycopy(weights, s * positions + from, w[s], 0, n);
            }
            float[] v = new float[n];
            float[] times = styles > FUSED ? new float[n] : null;
            float[] plus = styles > FUSED ? new float[n] : null;
            float[] slope = new float[Math.max(styles, FUSED)];
            float[] offset = new float[slope.length];
            for (int q = 0; q < planes; q++) {
                int c = q % channels;
                for (int s = 0; s < styles; s++) {
                    // folded: (v * a + b) * gamma + beta = v * (a * gamma) + (b * gamma + beta)
                    float gamma = gammaRows[s * channels + c];
                    slope[s] = scale[q] * gamma;
                    offset[s] = shift[q] * gamma + betaRows[s * channels + c];
                }
                int at = start + q * positions + from;
                data.get(at, v, 0, n);
                if (times == null) {
                    scaleFused(v, w, slope, offset, n);
                } else {
                    scaleAny(v, w, slope, offset, times, plus, n);
                }
                activate(v, n);
                data.put(at, v, 0, n);
            }
        });
    }

    /**
     * The same for a channels-last map ({@code [B, H, W, C]}): image {@code b}'s value of channel {@code c} at
     * position {@code p} is at {@code start + (b * positions + p) * C + c}. Each position's weights scale the
     * styles' folded slopes and offsets over all its channels at once; positions are split over the common
     * fork-join pool.
     *
     * @param data      the values
     * @param start     the index in {@code data} of image 0's first value
     * @param images    B
     * @param scale     per image and channel ({@code [B, C]}), {@code a}: {@code 1 / sqrt(var + eps)}, or 1
     * @param shift     per image and channel, {@code b}: {@code -mean * a}, or 0
     * @param weights   the styles' weights {@code [S, positions]}, the same for every image
     * @param positions H times W
     */
    public void applyChannelsLast(FloatBuffer data, int start, int images, float[] scale, float[] shift,
                                  float[] weights, int positions) {
        if (weights.length != styles * positions || scale.length < images * channels
                || shift.length < images * channels) {
            throw new IllegalArgumentException("a per-position scale needs S x positions weights and a scale and shift"
                    + " per image and channel");
        }
        if (start < 0 || start + (long) images * positions * channels > data.limit()) {
            throw new IllegalArgumentException(images + " images of " + positions + " x " + channels
                    + " values from " + start + " pass the end of a buffer of " + data.limit());
        }
        int perChunk = Math.max(1, CHUNK * 2 / channels);
        int blocks = (positions + perChunk - 1) / perChunk;
        for (int b = 0; b < images; b++) {
            // folded per style and channel, as in apply: v * (a * gamma) + (b * gamma + beta)
            float[][] slope = new float[styles][channels];
            float[][] offset = new float[styles][channels];
            for (int s = 0; s < styles; s++) {
                for (int c = 0; c < channels; c++) {
                    float gamma = gammaRows[s * channels + c];
                    slope[s][c] = scale[b * channels + c] * gamma;
                    offset[s][c] = shift[b * channels + c] * gamma + betaRows[s * channels + c];
                }
            }
            int image = start + b * positions * channels;
            IntStream.range(0, blocks).parallel().forEach(block -> {
                int from = block * perChunk;
                int n = Math.min(perChunk, positions - from);
                float[] v = new float[n * channels];
                float[] times = new float[channels];
                float[] plus = new float[channels];
                int at = image + from * channels;
                data.get(at, v, 0, v.length);
                for (int p = 0; p < n; p++) {
                    java.util.Arrays.fill(times, 0f);
                    java.util.Arrays.fill(plus, 0f);
                    for (int s = 0; s < styles; s++) {
                        float w = weights[s * positions + from + p];
                        float[] a = slope[s];
                        float[] o = offset[s];
                        for (int c = 0; c < channels; c++) {
                            times[c] += w * a[c];
                            plus[c] += w * o[c];
                        }
                    }
                    int j = p * channels;
                    for (int c = 0; c < channels; c++) {
                        v[j + c] = v[j + c] * times[c] + plus[c];
                    }
                }
                activate(v, v.length);
                data.put(at, v, 0, v.length);
            });
        }
    }

    /** Up to {@value #FUSED} styles (absent ones weigh 0): one loop, vectorised. */
    private static void scaleFused(float[] v, float[][] w, float[] slope, float[] offset, int n) {
        float[] w0 = w[0];
        float[] w1 = w[1];
        float[] w2 = w[2];
        float a0 = slope[0];
        float a1 = slope[1];
        float a2 = slope[2];
        float b0 = offset[0];
        float b1 = offset[1];
        float b2 = offset[2];
        for (int j = 0; j < n; j++) {
            v[j] = v[j] * (w0[j] * a0 + w1[j] * a1 + w2[j] * a2) + (w0[j] * b0 + w1[j] * b1 + w2[j] * b2);
        }
    }

    /** Any number of styles: the sums built style by style. */
    private void scaleAny(float[] v, float[][] w, float[] slope, float[] offset, float[] times, float[] plus,
                          int n) {
        Arrays.fill(times, 0, n, 0f);
        Arrays.fill(plus, 0, n, 0f);
        for (int s = 0; s < styles; s++) {
            float[] ws = w[s];
            float a = slope[s];
            float b = offset[s];
            for (int j = 0; j < n; j++) {
                times[j] += ws[j] * a;
                plus[j] += ws[j] * b;
            }
        }
        for (int j = 0; j < n; j++) {
            v[j] = v[j] * times[j] + plus[j];
        }
    }

    /** The activation, in place. */
    private void activate(float[] v, int n) {
        switch (activation) {
            case RELU -> {
                for (int j = 0; j < n; j++) {
                    v[j] = Math.max(0f, v[j]);
                }
            }
            case SIGMOID -> {
                for (int j = 0; j < n; j++) {
                    v[j] = (float) activation.apply(v[j]);
                }
            }
            case NONE -> {
            }
        }
    }
}
