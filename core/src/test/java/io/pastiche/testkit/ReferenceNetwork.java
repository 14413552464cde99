package io.pastiche.testkit;

import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Tensor;
import java.util.List;

/**
 * The network in plain Java and float64, written for clarity, not speed: the definition every backend is
 * compared with. For small images only.
 */
public final class ReferenceNetwork {

    private final NetworkSpec spec;
    private final List<float[]> weights;

    public ReferenceNetwork(NetworkSpec spec, List<float[]> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    /** Runs image {@code n} of a batch; the output is not cropped (side {@link NetworkSpec#outputSize}). */
    public FeatureMap forward(Tensor input, int n, StyleEmbedding style) {
        FeatureMap x = new FeatureMap(input.channels(), input.height(), input.width());
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = input.data()[n * x.data().length + i];
        }
        List<ConvLayer> convs = spec.convolutions();
        for (Block block : spec.blocks()) {
            if (block instanceof ConvLayer conv) {
                x = layer(x, conv, convs.indexOf(conv), style);
            } else if (block instanceof ResidualBlock residual) {
                FeatureMap h = layer(x, residual.first(), convs.indexOf(residual.first()), style);
                h = layer(h, residual.second(), convs.indexOf(residual.second()), style);
                x = add(x, h);
            }
        }
        return x;
    }

    private FeatureMap layer(FeatureMap x, ConvLayer conv, int index, StyleEmbedding style) {
        FeatureMap up = conv.upsample() == 1 ? x : upsampleNearest(x, conv.upsample());
        FeatureMap padded = reflectPad(up, conv.padding());
        FeatureMap y = convolve(padded, weights.get(index), conv);
        FeatureMap normed = instanceNorm(y, style.gamma(index), style.beta(index));
        for (int i = 0; i < normed.data().length; i++) {
            normed.data()[i] = conv.activation().apply(normed.data()[i]);
        }
        return normed;
    }

    static FeatureMap upsampleNearest(FeatureMap x, int factor) {
        FeatureMap out = new FeatureMap(x.channels(), x.height() * factor, x.width() * factor);
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int xx = 0; xx < out.width(); xx++) {
                    out.set(c, y, xx, x.get(c, y / factor, xx / factor));
                }
            }
        }
        return out;
    }

    /** Reflect padding without repeating the edge: index -1 maps to 1, as numpy/TF REFLECT. */
    static FeatureMap reflectPad(FeatureMap x, int pad) {
        FeatureMap out = new FeatureMap(x.channels(), x.height() + 2 * pad, x.width() + 2 * pad);
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int xx = 0; xx < out.width(); xx++) {
                    out.set(c, y, xx, x.get(c, reflect(y - pad, x.height()), reflect(xx - pad, x.width())));
                }
            }
        }
        return out;
    }

    private static int reflect(int i, int size) {
        if (i < 0) {
            return -i;
        }
        return i >= size ? 2 * (size - 1) - i : i;
    }

    /** VALID convolution (cross-correlation, as every engine computes it), OIHW weights, no bias. */
    static FeatureMap convolve(FeatureMap x, float[] w, ConvLayer conv) {
        int k = conv.kernel();
        int s = conv.stride();
        int outH = (x.height() - k) / s + 1;
        int outW = (x.width() - k) / s + 1;
        FeatureMap out = new FeatureMap(conv.outChannels(), outH, outW);
        for (int o = 0; o < conv.outChannels(); o++) {
            for (int y = 0; y < outH; y++) {
                for (int xx = 0; xx < outW; xx++) {
                    double sum = 0;
                    for (int i = 0; i < conv.inChannels(); i++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                sum += w[((o * conv.inChannels() + i) * k + ky) * k + kx]
                                        * x.get(i, y * s + ky, xx * s + kx);
                            }
                        }
                    }
                    out.set(o, y, xx, sum);
                }
            }
        }
        return out;
    }

    /** Conditional instance normalisation: per channel, mean and biased variance over the spatial axes. */
    static FeatureMap instanceNorm(FeatureMap x, float[] gamma, float[] beta) {
        FeatureMap out = new FeatureMap(x.channels(), x.height(), x.width());
        int plane = x.height() * x.width();
        for (int c = 0; c < x.channels(); c++) {
            double mean = 0;
            for (int i = 0; i < plane; i++) {
                mean += x.data()[c * plane + i];
            }
            mean /= plane;
            double var = 0;
            for (int i = 0; i < plane; i++) {
                double d = x.data()[c * plane + i] - mean;
                var += d * d;
            }
            var /= plane;
            double scale = gamma[c] / Math.sqrt(var + ConditionalInstanceNorm.EPSILON);
            for (int i = 0; i < plane; i++) {
                out.data()[c * plane + i] = (x.data()[c * plane + i] - mean) * scale + beta[c];
            }
        }
        return out;
    }

    private static FeatureMap add(FeatureMap a, FeatureMap b) {
        FeatureMap out = new FeatureMap(a.channels(), a.height(), a.width());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = a.data()[i] + b.data()[i];
        }
        return out;
    }
}
