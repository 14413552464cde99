package io.pastiche.loss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which loss-network features the training losses use, and their weights. The total loss is
 * {@code contentWeight * content + sum_l styleWeights[l] * style_l + totalVariationWeight * tv}, each term as
 * defined in this package. Immutable.
 *
 * @param contentLayer         the feature of the content loss, for example {@code relu3_1}
 * @param contentWeight        its weight
 * @param styleWeights         style features and their weights, in order
 * @param totalVariationWeight 0 to leave it out, as the paper's N-style training does
 */
public record LossSpec(String contentLayer, double contentWeight, Map<String, Double> styleWeights,
                       double totalVariationWeight) {

    /**
     * Checks the weights.
     *
     * @param contentLayer         the feature of the content loss
     * @param contentWeight        finite, {@code >= 0}
     * @param styleWeights         at least one; each weight finite and {@code >= 0}; copied, order kept
     * @param totalVariationWeight finite, {@code >= 0}
     * @throws IllegalArgumentException if there is no style layer or a weight is negative, NaN or infinite
     */
    public LossSpec {
        if (styleWeights.isEmpty()) {
            throw new IllegalArgumentException("at least one style layer is needed");
        }
        styleWeights = Collections.unmodifiableMap(new LinkedHashMap<>(styleWeights));
        for (double w : styleWeights.values()) {
            check(w, "style weight");
        }
        check(contentWeight, "content weight");
        check(totalVariationWeight, "total variation weight");
    }

    private static void check(double weight, String what) {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, was " + weight);
        }
    }

    /**
     * The paper's losses on VGG-16 (Caffe normalisation): content relu3_3 weight 1; style relu1_2, relu2_2,
     * relu3_3, relu4_3 weight 1e-4 each; no total variation.
     *
     * @return the losses; use them with {@link io.pastiche.lossnet.VggSpec#vgg16()}
     */
    public static LossSpec paperVgg16() {
        Map<String, Double> style = new LinkedHashMap<>();
        for (String layer : new String[] {"relu1_2", "relu2_2", "relu3_3", "relu4_3"}) {
            style.put(layer, 1e-4);
        }
        return new LossSpec("relu3_3", 1.0, style, 0);
    }

    /**
     * The same idea on VGG-19 (Gatys et al.'s layers) with torchvision normalisation: content relu3_1 weight 1;
     * style relu1_1, relu2_1, relu3_1, relu4_1 with the given weight each; no total variation.
     *
     * @param styleWeight the weight of each style layer, finite and {@code >= 0} (the default model used 2e-5)
     * @return the losses; use them with {@link io.pastiche.lossnet.VggSpec#vgg19()}
     * @throws IllegalArgumentException if {@code styleWeight} is negative, NaN or infinite
     */
    public static LossSpec vgg19(double styleWeight) {
        Map<String, Double> style = new LinkedHashMap<>();
        for (String layer : new String[] {"relu1_1", "relu2_1", "relu3_1", "relu4_1"}) {
            style.put(layer, styleWeight);
        }
        return new LossSpec("relu3_1", 1.0, style, 0);
    }

    /**
     * Every feature the losses read.
     *
     * @return the style layers in order, then the content layer unless it is one of them; a new list
     */
    public List<String> features() {
        List<String> all = new ArrayList<>(styleWeights.keySet());
        if (!all.contains(contentLayer)) {
            all.add(contentLayer);
        }
        return all;
    }
}
