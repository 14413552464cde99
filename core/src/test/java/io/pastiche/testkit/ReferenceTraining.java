package io.pastiche.testkit;

import io.pastiche.loss.LossSpec;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.Model;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loss in plain Java and float64, following the definitions of {@link io.pastiche.loss}: what a
 * backend's {@link io.pastiche.spi.TrainingGraph} must compute. Gradients are checked against its central
 * finite differences.
 */
public final class ReferenceTraining {

    private final Model model;
    private final ReferenceLossNetwork lossNetwork;
    private final LossSpec loss;

    public ReferenceTraining(Model model, LossNetwork lossNetwork, LossSpec loss) {
        this.model = model;
        this.lossNetwork = new ReferenceLossNetwork(lossNetwork);
        this.loss = loss;
    }

    /** The Gram matrices of an image at the style layers, in the loss spec's order. */
    public List<double[]> styleGrams(Tensor image) {
        Map<String, FeatureMap> features = lossNetwork.features(image(image, 0), List.copyOf(loss.styleWeights().keySet()));
        List<double[]> grams = new ArrayList<>();
        for (String layer : loss.styleWeights().keySet()) {
            grams.add(ReferenceLossNetwork.gram(features.get(layer)));
        }
        return grams;
    }

    /** The loss of a batch with the given weights. */
    public LossTerms loss(List<float[]> weights, Tensor content, List<StyleEmbedding> styles,
                          List<List<float[]>> targets) {
        ReferenceNetwork network = new ReferenceNetwork(model.spec(), weights);
        double contentSum = 0;
        double tvSum = 0;
        Map<String, Double> style = new LinkedHashMap<>();
        loss.styleWeights().keySet().forEach(layer -> style.put(layer, 0.0));
        for (int n = 0; n < content.batch(); n++) {
            FeatureMap pastiche = crop(network.forward(content, n, styles.get(n)), content.height(), content.width());
            Map<String, FeatureMap> fp = lossNetwork.features(pastiche, loss.features());
            Map<String, FeatureMap> fc = lossNetwork.features(image(content, n), List.of(loss.contentLayer()));
            contentSum += meanSquaredDifference(fp.get(loss.contentLayer()).data(),
                    fc.get(loss.contentLayer()).data());
            int layer = 0;
            for (String name : loss.styleWeights().keySet()) {
                double[] gram = ReferenceLossNetwork.gram(fp.get(name));
                float[] target = targets.get(n).get(layer++);
                double sum = 0;
                for (int i = 0; i < gram.length; i++) {
                    sum += (gram[i] - target[i]) * (gram[i] - target[i]);
                }
                style.merge(name, sum / gram.length, Double::sum);
            }
            tvSum += totalVariation(pastiche);
        }
        int b = content.batch();
        style.replaceAll((k, v) -> v / b);
        return LossTerms.weighted(loss, contentSum / b, style, tvSum / b);
    }

    private static double meanSquaredDifference(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static double totalVariation(FeatureMap x) {
        double v = 0;
        double h = 0;
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < x.height(); y++) {
                for (int xx = 0; xx < x.width(); xx++) {
                    if (y + 1 < x.height()) {
                        v += Math.pow(x.get(c, y + 1, xx) - x.get(c, y, xx), 2);
                    }
                    if (xx + 1 < x.width()) {
                        h += Math.pow(x.get(c, y, xx + 1) - x.get(c, y, xx), 2);
                    }
                }
            }
        }
        return v / (x.channels() * (x.height() - 1.0) * x.width()) + h / (x.channels() * x.height() * (x.width() - 1.0));
    }

    static FeatureMap image(Tensor t, int n) {
        FeatureMap x = new FeatureMap(t.channels(), t.height(), t.width());
        System.arraycopy(toDouble(t.data(), n * x.data().length, x.data().length), 0, x.data(), 0, x.data().length);
        return x;
    }

    private static double[] toDouble(float[] data, int from, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = data[from + i];
        }
        return out;
    }

    private static FeatureMap crop(FeatureMap x, int height, int width) {
        FeatureMap out = new FeatureMap(x.channels(), height, width);
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < width; xx++) {
                    out.set(c, y, xx, x.get(c, y, xx));
                }
            }
        }
        return out;
    }
}
