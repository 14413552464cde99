package io.pastiche;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A point in the style space: weights over style indices. The network's gamma and beta become
 * {@code sum_i w_i * gamma[i]} and {@code sum_i w_i * beta[i]}.
 *
 * <p>Weights are used exactly as given, as in the paper's reference implementation; they need not sum to 1.
 * Call {@link #normalized()} to make them sum to 1: that is the caller's explicit choice, never done silently.
 * Immutable.
 */
public final class StyleMix {

    private final Map<Integer, Double> weights;

    private StyleMix(Map<Integer, Double> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("a style mix needs at least one style");
        }
        Map<Integer, Double> copy = new LinkedHashMap<>();
        weights.forEach((style, weight) -> {
            if (style == null || style < 0) {
                throw new IllegalArgumentException("style index must be >= 0, was " + style);
            }
            if (weight == null || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight of style " + style + " must be finite, was " + weight);
            }
            copy.put(style, weight);
        });
        this.weights = Collections.unmodifiableMap(copy);
    }

    /** One style at full weight. */
    public static StyleMix of(int style) {
        return new StyleMix(Map.of(style, 1.0));
    }

    /** Two styles with the given weights, for example {@code of(0, 0.7, 3, 0.3)}. */
    public static StyleMix of(int styleA, double weightA, int styleB, double weightB) {
        if (styleA == styleB) {
            throw new IllegalArgumentException("style " + styleA + " is named twice");
        }
        Map<Integer, Double> map = new LinkedHashMap<>();
        map.put(styleA, weightA);
        map.put(styleB, weightB);
        return new StyleMix(map);
    }

    /** Weights by style index, used as given. */
    public static StyleMix of(Map<Integer, Double> weights) {
        return new StyleMix(weights);
    }

    /** The same styles with weights divided by their sum, so that they sum to 1. */
    public StyleMix normalized() {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum == 0 || !Double.isFinite(sum)) {
            throw new IllegalArgumentException("cannot normalise a style mix whose weights sum to " + sum);
        }
        Map<Integer, Double> map = new LinkedHashMap<>();
        weights.forEach((style, weight) -> map.put(style, weight / sum));
        return new StyleMix(map);
    }

    /** Weights by style index, in the order given; unmodifiable. */
    public Map<Integer, Double> weights() {
        return weights;
    }

    /** The largest style index named. */
    public int maxStyle() {
        return Collections.max(weights.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StyleMix other && weights.equals(other.weights);
    }

    @Override
    public int hashCode() {
        return weights.hashCode();
    }

    @Override
    public String toString() {
        return "StyleMix" + weights;
    }
}
