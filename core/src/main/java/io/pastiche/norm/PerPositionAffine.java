package io.pastiche.norm;

import io.pastiche.network.Activation;
import io.pastiche.tensor.ParallelRuns;
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
            WeightSegments segments = new WeightSegments(n);
            segments.cut(weights, styles, positions, from, n);
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
                for (int i = 0; i < segments.count(); i++) {
                    int alone = segments.alone(i);
                    if (alone >= 0) {
                        scaleAlone(v, segments.start(i), segments.end(i), slope[alone], offset[alone]);
                    } else if (times == null) {
                        scaleFused(v, segments.start(i), segments.end(i), w, slope, offset);
                    } else {
                        scaleAny(v, segments.start(i), segments.end(i), w, slope, offset, times, plus);
                    }
                }
                activate(v, n);
                data.put(at, v, 0, n);
            }
        });
    }

    /**
     * The same for a channels-last map ({@code [B, H, W, C]}): image {@code b}'s value of channel {@code c} at
     * position {@code p} is at {@code start + (b * positions + p) * C + c}. Positions are split over the common
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
            float[][] slope = new float[Math.max(styles, FUSED)][perChunk * channels];
            float[][] offset = new float[slope.length][perChunk * channels];
            foldRepeated(scale, shift, b, slope, offset);
            int image = start + b * positions * channels;
            // a few runs of chunks per thread, each with its own buffers, rather than a task per chunk
            ParallelRuns.forEach(blocks, (first, end) -> {
                WeightSegments segments = new WeightSegments(perChunk);
                float[] v = new float[perChunk * channels];
                float[] times = styles > FUSED ? new float[v.length] : null;
                float[] plus = styles > FUSED ? new float[v.length] : null;
                float[] w = new float[slope.length];
                for (int block = first; block < end; block++) {
                    int from = block * perChunk;
                    int n = Math.min(perChunk, positions - from);
                    int at = image + from * channels;
                    data.get(at, v, 0, n * channels);
                    segments.cut(weights, styles, positions, from, n);
                    for (int i = 0; i < segments.count(); i++) {
                        int alone = segments.alone(i);
                        if (alone >= 0) {
                            scaleAloneRepeated(v, segments.start(i) * channels, segments.end(i) * channels,
                                    slope[alone], offset[alone]);
                            continue;
                        }
                        // a border: each position's own weights, over its channels
                        for (int p = segments.start(i); p < segments.end(i); p++) {
                            for (int s = 0; s < styles; s++) {
                                w[s] = weights[s * positions + from + p];
                            }
                            if (times == null) {
                                scaleFusedRepeated(v, p * channels, (p + 1) * channels, w, slope, offset);
                            } else {
                                scaleAnyRepeated(v, p * channels, (p + 1) * channels, w, slope, offset, times, plus);
                            }
                        }
                    }
                    activate(v, n * channels);
                    data.put(at, v, 0, n * channels);
                }
            });
        }
    }

    /**
     * Per style, image {@code b}'s folded slope and offset ({@code v * (a * gamma) + (b * gamma + beta)}, as in
     * {@link #apply}) repeated over a chunk's positions, so that the loops over a chunk read every array at the same
     * index, which HotSpot vectorises (indexed by channel beside the chunk's values, 1.3 times slower measured).
     */
    private void foldRepeated(float[] scale, float[] shift, int b, float[][] slope, float[][] offset) {
        for (int s = 0; s < styles; s++) {
            for (int c = 0; c < channels; c++) {
                float gamma = gammaRows[s * channels + c];
                slope[s][c] = scale[b * channels + c] * gamma;
                offset[s][c] = shift[b * channels + c] * gamma + betaRows[s * channels + c];
            }
            for (int k = channels; k < slope[s].length; k++) {
                slope[s][k] = slope[s][k - channels];
                offset[s][k] = offset[s][k - channels];
            }
        }
    }

    /** Values {@code [from, to)} of a plane, in one style alone. */
    private static void scaleAlone(float[] v, int from, int to, float slope, float offset) {
        for (int j = from; j < to; j++) {
            v[j] = v[j] * slope + offset;
        }
    }

    /** Values {@code [from, to)} of a plane, up to {@value #FUSED} styles (absent ones weigh 0): one loop. */
    private static void scaleFused(float[] v, int from, int to, float[][] w, float[] slope, float[] offset) {
        float[] w0 = w[0];
        float[] w1 = w[1];
        float[] w2 = w[2];
        float a0 = slope[0];
        float a1 = slope[1];
        float a2 = slope[2];
        float b0 = offset[0];
        float b1 = offset[1];
        float b2 = offset[2];
        for (int j = from; j < to; j++) {
            v[j] = v[j] * (w0[j] * a0 + w1[j] * a1 + w2[j] * a2) + (w0[j] * b0 + w1[j] * b1 + w2[j] * b2);
        }
    }

    /** Values {@code [from, to)} of a plane, any number of styles: the sums built style by style. */
    private void scaleAny(float[] v, int from, int to, float[][] w, float[] slope, float[] offset, float[] times,
                          float[] plus) {
        Arrays.fill(times, from, to, 0f);
        Arrays.fill(plus, from, to, 0f);
        for (int s = 0; s < styles; s++) {
            float[] ws = w[s];
            float a = slope[s];
            float b = offset[s];
            for (int j = from; j < to; j++) {
                times[j] += ws[j] * a;
                plus[j] += ws[j] * b;
            }
        }
        for (int j = from; j < to; j++) {
            v[j] = v[j] * times[j] + plus[j];
        }
    }

    /** Values {@code [from, to)} of a channels-last chunk, in one style alone. */
    private static void scaleAloneRepeated(float[] v, int from, int to, float[] slope, float[] offset) {
        for (int k = from; k < to; k++) {
            v[k] = v[k] * slope[k] + offset[k];
        }
    }

    /** One position's values {@code [from, to)} of a channels-last chunk, weights {@code w}, up to three styles. */
    private static void scaleFusedRepeated(float[] v, int from, int to, float[] w, float[][] slope,
                                           float[][] offset) {
        float w0 = w[0];
        float w1 = w[1];
        float w2 = w[2];
        float[] a0 = slope[0];
        float[] a1 = slope[1];
        float[] a2 = slope[2];
        float[] b0 = offset[0];
        float[] b1 = offset[1];
        float[] b2 = offset[2];
        for (int k = from; k < to; k++) {
            v[k] = v[k] * (w0 * a0[k] + w1 * a1[k] + w2 * a2[k]) + (w0 * b0[k] + w1 * b1[k] + w2 * b2[k]);
        }
    }

    /** One position's values {@code [from, to)} of a channels-last chunk, weights {@code w}, any number of styles. */
    private void scaleAnyRepeated(float[] v, int from, int to, float[] w, float[][] slope, float[][] offset,
                                  float[] times, float[] plus) {
        Arrays.fill(times, from, to, 0f);
        Arrays.fill(plus, from, to, 0f);
        for (int s = 0; s < styles; s++) {
            float ws = w[s];
            float[] a = slope[s];
            float[] o = offset[s];
            for (int k = from; k < to; k++) {
                times[k] += ws * a[k];
                plus[k] += ws * o[k];
            }
        }
        for (int k = from; k < to; k++) {
            v[k] = v[k] * times[k] + plus[k];
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
