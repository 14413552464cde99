package io.pastiche.testkit;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.LayerOps;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.plan.StyleBatch;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
import java.util.List;

/**
 * The network in plain Java and float64, written for clarity, not speed: the definition every backend is
 * compared with. For small images only.
 */
public final class ReferenceNetwork {

    private final NetworkPlan plan;
    private final List<float[]> weights;

    /**
     * @param spec    the network
     * @param weights one OIHW array per layer; used as given
     */
    public ReferenceNetwork(NetworkSpec spec, List<float[]> weights) {
        this.plan = NetworkPlan.of(spec);
        this.weights = weights;
    }

    /** Runs image {@code n} of a batch; the output is not cropped (side {@link NetworkSpec#outputSize}). */
    public FeatureMap forward(Tensor input, int n, StyleEmbedding style) {
        return forward(plan.all(), input, n, style);
    }

    /** Runs a range of the layers on image {@code n} of a batch, through core's walk. */
    public FeatureMap forward(LayerRange range, Tensor input, int n, StyleEmbedding style) {
        FeatureMap x = new FeatureMap(input.channels(), input.height(), input.width());
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = input.data()[n * x.data().length + i];
        }
        return plan.walk(range, new Ops(style, null), x);
    }

    /**
     * Runs the whole network on image {@code n} of a batch with a masked batch's styles: at each position of each
     * layer, gamma and beta mixed with the weights there ({@link StyleBatch#masked}).
     */
    public FeatureMap forward(Tensor input, int n, StyleBatch masked) {
        FeatureMap x = new FeatureMap(input.channels(), input.height(), input.width());
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = input.data()[n * x.data().length + i];
        }
        return plan.walk(plan.all(), new Ops(null, masked), x);
    }

    /**
     * The layer operations in float64, for one image. Every {@link io.pastiche.plan.ConvForm} is computed
     * directly: the forms are the engines' ways to the same function.
     */
    private final class Ops implements LayerOps<FeatureMap> {

        private final StyleEmbedding style;
        private final StyleBatch masked;

        /** One style for the whole image, or (style null) a masked batch's styles per position. */
        Ops(StyleEmbedding style, StyleBatch masked) {
            this.style = style;
            this.masked = masked;
        }

        @Override
        public FeatureMap convolve(PlannedLayer layer, FeatureMap x) {
            ConvLayer conv = layer.layer();
            FeatureMap up = conv.upsample() == 1 ? x : upsampleNearest(x, conv.upsample());
            return ReferenceNetwork.convolve(reflectPad(up, conv.padding()), weights.get(layer.index()), conv);
        }

        @Override
        public FeatureMap normalize(PlannedLayer layer, FeatureMap y) {
            int l = layer.index();
            FeatureMap normed = masked == null ? instanceNorm(y, style.gamma(l), style.beta(l))
                    : instanceNorm(y, masked.gamma(l), masked.beta(l), masked.rows(), masked.weights(l));
            for (int i = 0; i < normed.data().length; i++) {
                normed.data()[i] = layer.layer().activation().apply(normed.data()[i]);
            }
            return normed;
        }

        @Override
        public FeatureMap join(FeatureMap blockInput, FeatureMap blockOutput) {
            return add(blockInput, blockOutput);
        }
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
            double mean = mean(x, c);
            double scale = gamma[c] / deviation(x, c, mean);
            for (int i = 0; i < plane; i++) {
                out.data()[c * plane + i] = (x.data()[c * plane + i] - mean) * scale + beta[c];
            }
        }
        return out;
    }

    /**
     * Conditional instance normalisation with gamma and beta per position: {@code S} styles' rows mixed with
     * their weights {@code [S, H, W]} at each position; the statistics per channel as always.
     */
    static FeatureMap instanceNorm(FeatureMap x, float[] gammaRows, float[] betaRows, int styles, float[] weights) {
        FeatureMap out = new FeatureMap(x.channels(), x.height(), x.width());
        int plane = x.height() * x.width();
        int channels = x.channels();
        for (int c = 0; c < channels; c++) {
            double mean = mean(x, c);
            double deviation = deviation(x, c, mean);
            for (int i = 0; i < plane; i++) {
                double gamma = 0;
                double beta = 0;
                for (int s = 0; s < styles; s++) {
                    gamma += (double) weights[s * plane + i] * gammaRows[s * channels + c];
                    beta += (double) weights[s * plane + i] * betaRows[s * channels + c];
                }
                out.data()[c * plane + i] = (x.data()[c * plane + i] - mean) / deviation * gamma + beta;
            }
        }
        return out;
    }

    /** The mean of channel {@code c} over the spatial axes. */
    private static double mean(FeatureMap x, int c) {
        int plane = x.height() * x.width();
        double mean = 0;
        for (int i = 0; i < plane; i++) {
            mean += x.data()[c * plane + i];
        }
        return mean / plane;
    }

    /** {@code sqrt(var + eps)} of channel {@code c}, the variance biased. */
    private static double deviation(FeatureMap x, int c, double mean) {
        int plane = x.height() * x.width();
        double var = 0;
        for (int i = 0; i < plane; i++) {
            double d = x.data()[c * plane + i] - mean;
            var += d * d;
        }
        return Math.sqrt(var / plane + ConditionalInstanceNorm.EPSILON);
    }

    private static FeatureMap add(FeatureMap a, FeatureMap b) {
        FeatureMap out = new FeatureMap(a.channels(), a.height(), a.width());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = a.data()[i] + b.data()[i];
        }
        return out;
    }
}
