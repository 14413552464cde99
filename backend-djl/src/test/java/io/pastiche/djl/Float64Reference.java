package io.pastiche.djl;

import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A plain float64 forward pass, written from DESIGN section 1.1 with loops only, to check the engine against until
 * core's conformance kit takes over. One image at a time: [C][H][W].
 */
final class Float64Reference {

    private Float64Reference() {
    }

    /** The network's output for image {@code n} of the input, [C][H][W]. */
    static double[][][] forward(NetworkSpec spec, List<float[]> weights, Tensor input, int n, StyleEmbedding style) {
        double[][][] x = image(input, n);
        int layer = 0;
        for (Block block : spec.blocks()) {
            if (block instanceof ResidualBlock r) {
                double[][][] h = layer(r.first(), weights.get(layer), style, layer, x);
                h = layer(r.second(), weights.get(layer + 1), style, layer + 1, h);
                for (int c = 0; c < h.length; c++) {
                    for (int y = 0; y < h[c].length; y++) {
                        for (int i = 0; i < h[c][y].length; i++) {
                            h[c][y][i] += x[c][y][i];
                        }
                    }
                }
                x = h;
                layer += 2;
            } else {
                ConvLayer conv = (ConvLayer) block;
                x = layer(conv, weights.get(layer), style, layer, x);
                layer++;
            }
        }
        return x;
    }

    /** Upsample, reflect pad, VALID convolution, CIN, activation. */
    static double[][][] layer(ConvLayer conv, float[] w, StyleEmbedding style, int index, double[][][] x) {
        int up = conv.upsample();
        int p = conv.padding();
        int k = conv.kernel();
        int s = conv.stride();
        int inH = x[0].length * up;
        int inW = x[0][0].length * up;
        int outH = (inH + 2 * p - k) / s + 1;
        int outW = (inW + 2 * p - k) / s + 1;
        double[][][] out = new double[conv.outChannels()][outH][outW];
        for (int o = 0; o < conv.outChannels(); o++) {
            for (int y = 0; y < outH; y++) {
                for (int xx = 0; xx < outW; xx++) {
                    double sum = 0;
                    for (int c = 0; c < conv.inChannels(); c++) {
                        for (int ky = 0; ky < k; ky++) {
                            int sy = reflect(y * s + ky - p, inH) / up;
                            for (int kx = 0; kx < k; kx++) {
                                int sx = reflect(xx * s + kx - p, inW) / up;
                                sum += w[((o * conv.inChannels() + c) * k + ky) * k + kx] * x[c][sy][sx];
                            }
                        }
                    }
                    out[o][y][xx] = sum;
                }
            }
        }
        float[] gamma = style.gamma(index);
        float[] beta = style.beta(index);
        for (int c = 0; c < out.length; c++) {
            double mean = 0;
            for (double[] row : out[c]) {
                for (double v : row) {
                    mean += v;
                }
            }
            mean /= (double) outH * outW;
            double var = 0;
            for (double[] row : out[c]) {
                for (double v : row) {
                    var += (v - mean) * (v - mean);
                }
            }
            var /= (double) outH * outW;
            double scale = gamma[c] / Math.sqrt(var + ConditionalInstanceNorm.EPSILON);
            for (double[] row : out[c]) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = conv.activation().apply((row[i] - mean) * scale + beta[c]);
                }
            }
        }
        return out;
    }

    static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    static double[][][] image(Tensor t, int n) {
        double[][][] x = new double[t.channels()][t.height()][t.width()];
        for (int c = 0; c < t.channels(); c++) {
            for (int y = 0; y < t.height(); y++) {
                for (int i = 0; i < t.width(); i++) {
                    x[c][y][i] = t.data()[t.index(n, c, y, i)];
                }
            }
        }
        return x;
    }

    /** The largest |engine - reference| over image {@code n}, divided by the largest |reference| (at least 1e-12). */
    static double relativeError(Tensor engine, int n, double[][][] reference) {
        double maxDiff = 0;
        double maxRef = 1e-12;
        for (int c = 0; c < reference.length; c++) {
            for (int y = 0; y < reference[c].length; y++) {
                for (int i = 0; i < reference[c][y].length; i++) {
                    double r = reference[c][y][i];
                    maxRef = Math.max(maxRef, Math.abs(r));
                    maxDiff = Math.max(maxDiff, Math.abs(engine.data()[engine.index(n, c, y, i)] - r));
                }
            }
        }
        return maxDiff / maxRef;
    }

    // ---- random fixtures ----

    /** N(0, std) weights for every convolution; std 0.1 keeps the CIN inputs far from degenerate. */
    static List<float[]> weights(NetworkSpec spec, long seed, double std) {
        Random random = new Random(seed);
        return spec.convolutions().stream().map(conv -> {
            float[] w = new float[conv.weightCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * std);
            }
            return w;
        }).toList();
    }

    /** gamma around 1, beta around 0, different per seed: a style that is not the identity. */
    static StyleEmbedding style(NetworkSpec spec, long seed) {
        Random random = new Random(seed);
        List<float[]> gamma = new java.util.ArrayList<>();
        List<float[]> beta = new java.util.ArrayList<>();
        for (ConvLayer conv : spec.convolutions()) {
            float[] g = new float[conv.outChannels()];
            float[] b = new float[conv.outChannels()];
            for (int c = 0; c < g.length; c++) {
                g[c] = (float) (1 + 0.5 * random.nextGaussian());
                b[c] = (float) (0.5 * random.nextGaussian());
            }
            gamma.add(g);
            beta.add(b);
        }
        return new StyleEmbedding(gamma, beta);
    }

    /** Uniform [0, 1) RGB-like values. */
    static Tensor image(long seed, int batch, int channels, int height, int width) {
        Random random = new Random(seed);
        float[] data = new float[batch * channels * height * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new Tensor(data, batch, channels, height, width);
    }
}
