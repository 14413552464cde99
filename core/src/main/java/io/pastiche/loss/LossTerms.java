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

    public LossTerms {
        style = Collections.unmodifiableMap(new LinkedHashMap<>(style));
    }

    /** The weighted total of the given terms. */
    public static LossTerms weighted(LossSpec spec, double content, Map<String, Double> style, double tv) {
        double total = spec.contentWeight() * content + spec.totalVariationWeight() * tv;
        for (Map.Entry<String, Double> e : spec.styleWeights().entrySet()) {
            total += e.getValue() * style.get(e.getKey());
        }
        return new LossTerms(content, style, tv, total);
    }

    /** The weighted style loss, summed over layers: the style part of {@link #total()}. */
    public double weightedStyle(LossSpec spec) {
        double sum = 0;
        for (Map.Entry<String, Double> e : spec.styleWeights().entrySet()) {
            sum += e.getValue() * style.get(e.getKey());
        }
        return sum;
    }
}
