package io.pastiche.testkit;

import io.pastiche.loss.ContentLoss;
import io.pastiche.loss.GramMatrix;
import io.pastiche.loss.LossSpec;
import io.pastiche.loss.StyleLoss;
import io.pastiche.loss.TotalVariationLoss;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.Model;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
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
            grams.add(gram(features.get(layer)));
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
            contentSum += ContentLoss.of(fp.get(loss.contentLayer()).data(), fc.get(loss.contentLayer()).data());
            int layer = 0;
            for (String name : loss.styleWeights().keySet()) {
                float[] target = targets.get(n).get(layer++);
                style.merge(name, StyleLoss.of(gram(fp.get(name)), toDouble(target, 0, target.length)), Double::sum);
            }
            tvSum += TotalVariationLoss.of(pastiche.data(), pastiche.channels(), pastiche.height(), pastiche.width());
        }
        int b = content.batch();
        style.replaceAll((k, v) -> v / b);
        return LossTerms.weighted(loss, contentSum / b, style, tvSum / b);
    }

    /** Core's definition ({@link GramMatrix}) of a float64 feature map. */
    private static double[] gram(FeatureMap f) {
        return GramMatrix.of(f.data(), f.channels(), f.height() * f.width());
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
