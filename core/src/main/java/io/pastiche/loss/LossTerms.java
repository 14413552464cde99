package io.pastiche.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The terms of one evaluation of the training loss, unweighted, and the weighted total that is minimised.
 *
 * @param content        the content loss
 * @param style          the style loss per style layer, in the {@link LossSpec}'s order
 * @param totalVariation the total variation of the pastiche
 * @param total          the weighted sum
 */
public record LossTerms(double content, Map<String, Double> style, double totalVariation, double total) {

    /**
     * Copies the style terms.
     *
     * @param content        the content loss
     * @param style          the style loss per style layer; copied, order kept
     * @param totalVariation the total variation of the pastiche
     * @param total          the weighted sum, not checked against the terms
     */
    public LossTerms {
        style = Collections.unmodifiableMap(new LinkedHashMap<>(style));
    }

    /**
     * The terms with their weighted total, as {@link LossSpec} defines it.
     *
     * @param spec    the weights
     * @param content the content loss
     * @param style   the style loss per style layer; must hold every style layer of {@code spec}
     * @param tv      the total variation
     * @return the terms and their total
     * @throws NullPointerException if {@code style} lacks a style layer of {@code spec}
     */
    public static LossTerms weighted(LossSpec spec, double content, Map<String, Double> style, double tv) {
        double total = spec.contentWeight() * content + spec.totalVariationWeight() * tv;
        for (Map.Entry<String, Double> e : spec.styleWeights().entrySet()) {
            total += e.getValue() * style.get(e.getKey());
        }
        return new LossTerms(content, style, tv, total);
    }

    /**
     * The weighted style loss, summed over layers: the style part of {@link #total()}.
     *
     * @param spec the weights, whose style layers must all be in {@link #style()}
     * @return {@code sum_l styleWeights[l] * style_l}
     * @throws NullPointerException if {@link #style()} lacks a style layer of {@code spec}
     */
    public double weightedStyle(LossSpec spec) {
        double sum = 0;
        for (Map.Entry<String, Double> e : spec.styleWeights().entrySet()) {
            sum += e.getValue() * style.get(e.getKey());
        }
        return sum;
    }
}
