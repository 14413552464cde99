package io.pastiche;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A point in the style space: weights over style indices. The network's gamma and beta become
 * {@code sum_i w_i * gamma[i]} and {@code sum_i w_i * beta[i]}.
 *
 * <p>Weights are used exactly as given, as in the paper's reference implementation: any finite value, zero and
 * negative ones included; they need not sum to 1. Call {@link #normalized()} to make them sum to 1: that is the
 * caller's explicit choice, never done silently. Indices are only checked to be {@code >= 0} here; a network
 * refuses an index it does not have when the mix is used. Immutable and thread-safe.
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

    /**
     * One style at full weight.
     *
     * @param style the style's index, {@code >= 0}
     * @return the mix {@code style: 1.0}
     * @throws IllegalArgumentException if {@code style} is negative
     */
    public static StyleMix of(int style) {
        return new StyleMix(Map.of(style, 1.0));
    }

    /**
     * Two styles with the given weights, for example {@code of(0, 0.7, 3, 0.3)}.
     *
     * @param styleA  the first style's index, {@code >= 0}
     * @param weightA its weight, finite
     * @param styleB  the second style's index, not {@code styleA}
     * @param weightB its weight, finite
     * @return the mix, in that order
     * @throws IllegalArgumentException if the two indices are equal, an index is negative or a weight is not finite
     */
    public static StyleMix of(int styleA, double weightA, int styleB, double weightB) {
        if (styleA == styleB) {
            throw new IllegalArgumentException("style " + styleA + " is named twice");
        }
        Map<Integer, Double> map = new LinkedHashMap<>();
        map.put(styleA, weightA);
        map.put(styleB, weightB);
        return new StyleMix(map);
    }

    /**
     * Weights by style index, used as given.
     *
     * @param weights finite weights by index ({@code >= 0}); copied, in the map's iteration order
     * @return the mix
     * @throws IllegalArgumentException if the map is empty, or holds a null or negative index or a null or
     *                                  non-finite weight
     */
    public static StyleMix of(Map<Integer, Double> weights) {
        return new StyleMix(weights);
    }

    /**
     * The same styles with weights divided by their sum, so that they sum to 1.
     *
     * @return a new mix; this one is unchanged
     * @throws IllegalArgumentException if the weights sum to 0, or their sum is not finite
     */
    public StyleMix normalized() {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum == 0 || !Double.isFinite(sum)) {
            throw new IllegalArgumentException("cannot normalise a style mix whose weights sum to " + sum);
        }
        Map<Integer, Double> map = new LinkedHashMap<>();
        weights.forEach((style, weight) -> map.put(style, weight / sum));
        return new StyleMix(map);
    }

    /**
     * The weights.
     *
     * @return weights by style index, in the order given; unmodifiable
     */
    public Map<Integer, Double> weights() {
        return weights;
    }

    /**
     * The largest style index named, for checking a mix against a network's number of styles.
     *
     * @return the largest index
     */
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
