package io.pastiche.testkit;

import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The VGG feature extractor in plain Java and float64: the definition backends are compared with. */
public final class ReferenceLossNetwork {

    private final LossNetwork network;

    public ReferenceLossNetwork(LossNetwork network) {
        this.network = network;
    }

    /** The named ReLU features of one RGB image in [0, 1]. */
    public Map<String, FeatureMap> features(FeatureMap image, List<String> names) {
        FeatureMap x = new FeatureMap(image.channels(), image.height(), image.width());
        int plane = image.height() * image.width();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                x.data()[c * plane + i] = network.normalization().apply(c, image.data()[c * plane + i]);
            }
        }
        Map<String, FeatureMap> found = new HashMap<>();
        int conv = 0;
        for (VggLayer layer : network.spec().layersUpTo(names)) {
            if (layer.isConvolution()) {
                x = convolveSame(x, network.weight(conv), network.bias(conv), layer.outChannels());
                for (int i = 0; i < x.data().length; i++) {
                    x.data()[i] = Math.max(0, x.data()[i]);
                }
                conv++;
                if (names.contains(layer.reluName())) {
                    found.put(layer.reluName(), x);
                }
            } else {
                x = pool(x, network.pooling());
            }
        }
        return found;
    }

    /** 3x3 convolution with zero padding 1 and bias. */
    private static FeatureMap convolveSame(FeatureMap x, float[] w, float[] bias, int outChannels) {
        FeatureMap out = new FeatureMap(outChannels, x.height(), x.width());
        int in = x.channels();
        for (int o = 0; o < outChannels; o++) {
            for (int y = 0; y < x.height(); y++) {
                for (int xx = 0; xx < x.width(); xx++) {
                    double sum = bias[o];
                    for (int i = 0; i < in; i++) {
                        for (int ky = 0; ky < 3; ky++) {
                            int sy = y + ky - 1;
                            if (sy < 0 || sy >= x.height()) {
                                continue;
                            }
                            for (int kx = 0; kx < 3; kx++) {
                                int sx = xx + kx - 1;
                                if (sx >= 0 && sx < x.width()) {
                                    sum += w[((o * in + i) * 3 + ky) * 3 + kx] * x.get(i, sy, sx);
                                }
                            }
                        }
                    }
                    out.set(o, y, xx, sum);
                }
            }
        }
        return out;
    }

    /** 2x2 pooling of stride 2; odd rows and columns at the end are dropped, as torchvision's floor mode. */
    private static FeatureMap pool(FeatureMap x, Pooling pooling) {
        FeatureMap out = new FeatureMap(x.channels(), x.height() / 2, x.width() / 2);
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int xx = 0; xx < out.width(); xx++) {
                    double a = x.get(c, 2 * y, 2 * xx);
                    double b = x.get(c, 2 * y, 2 * xx + 1);
                    double d = x.get(c, 2 * y + 1, 2 * xx);
                    double e = x.get(c, 2 * y + 1, 2 * xx + 1);
                    out.set(c, y, xx, pooling == Pooling.MAX ? Math.max(Math.max(a, b), Math.max(d, e))
                            : (a + b + d + e) / 4);
                }
            }
        }
        return out;
    }
}
