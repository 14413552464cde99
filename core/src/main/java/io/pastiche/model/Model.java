package io.pastiche.model;

import io.pastiche.Style;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.CinParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Everything a model file holds: the architecture, the shared convolution weights, the style tables and the
 * styles' names. Immutable; the weight arrays are copied in and out.
 *
 * @param spec    the architecture
 * @param alpha   the width multiplier the architecture was made with (informational; 1 for the paper's)
 * @param weights one array per convolution of {@code spec}, OIHW
 * @param cin     gamma/beta of every CIN layer, one row per style
 * @param styles  one per row of the CIN tables, index i at position i
 */
public record Model(NetworkSpec spec, double alpha, List<float[]> weights, CinParameters cin, List<Style> styles) {

    /**
     * Checks the parts against each other and copies the weights and styles.
     *
     * @param spec    the architecture
     * @param alpha   the width multiplier the architecture was made with; positive and finite
     * @param weights one array per convolution of {@code spec}, OIHW, each of that convolution's weight count
     * @param cin     gamma/beta of every CIN layer, one row per style
     * @param styles  one per row of the CIN tables, index i at position i, names distinct
     * @throws IllegalArgumentException if the weights do not fit the convolutions, the number of styles differs
     *                                  from the CIN tables' rows, a style's index is not its position, two styles
     *                                  share a name, or alpha is not positive and finite
     */
    public Model {
        List<ConvLayer> convs = spec.convolutions();
        if (weights.size() != convs.size()) {
            throw new IllegalArgumentException("the network has " + convs.size() + " convolutions, got "
                    + weights.size() + " weight arrays");
        }
        List<float[]> copies = new ArrayList<>(weights.size());
        for (int i = 0; i < convs.size(); i++) {
            if (weights.get(i).length != convs.get(i).weightCount()) {
                throw new IllegalArgumentException(convs.get(i).name() + " needs " + convs.get(i).weightCount()
                        + " weights, got " + weights.get(i).length);
            }
            copies.add(weights.get(i).clone());
        }
        weights = List.copyOf(copies);
        styles = List.copyOf(styles);
        if (styles.size() != cin.styles()) {
            throw new IllegalArgumentException("the CIN tables have " + cin.styles() + " styles, the list names "
                    + styles.size());
        }
        Set<String> names = new HashSet<>(); // not a pairwise loop: a model file may hold very many styles
        for (int i = 0; i < styles.size(); i++) {
            if (styles.get(i).index() != i) {
                throw new IllegalArgumentException("style at position " + i + " has index " + styles.get(i).index());
            }
            if (!names.add(styles.get(i).name())) {
                throw new IllegalArgumentException("two styles are named " + styles.get(i).name());
            }
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive, was " + alpha);
        }
    }

    /**
     * The weights of every convolution, OIHW (copies: the record's arrays must not be reachable from outside,
     * or a caller could change a model others share).
     *
     * @return one new array per convolution, in {@code spec}'s order; the list is not modifiable
     */
    @Override
    public List<float[]> weights() {
        List<float[]> copies = new ArrayList<>(weights.size());
        for (float[] w : weights) {
            copies.add(w.clone());
        }
        return List.copyOf(copies);
    }

    /**
     * Weights of convolution {@code i} (a copy).
     *
     * @param i the convolution's position in {@code spec().convolutions()}
     * @return a new array, OIHW
     * @throws IndexOutOfBoundsException if there is no convolution {@code i}
     */
    public float[] weight(int i) {
        return weights.get(i).clone();
    }

    /**
     * This model without one style: its gamma/beta rows and its entry; the styles after it move up by one. The
     * convolutions and the other styles are unchanged. With {@link io.pastiche.train.Trainer#addStyles} it
     * retrains a style afresh (for example with other loss weights) while the rest stays bit-identical.
     *
     * @param name the style's name
     * @return a new model with one style fewer
     * @throws IllegalArgumentException if there is no such style, or it is the only one
     */
    public Model withoutStyle(String name) {
        int index = -1;
        for (Style style : styles) {
            if (style.name().equals(name)) {
                index = style.index();
            }
        }
        if (index < 0 || styles.size() == 1) {
            throw new IllegalArgumentException(index < 0 ? "no style named '" + name + "'"
                    : "cannot remove '" + name + "', the only style");
        }
        List<Style> rest = new ArrayList<>();
        for (Style style : styles) {
            if (style.index() != index) {
                rest.add(new Style(rest.size(), style.name(), style.painter(), style.source()));
            }
        }
        return new Model(spec, alpha, weights, cin.withoutStyle(index), rest);
    }

    /**
     * An untrained network as the reference implementation initialises it: weights N(0, 0.01), gamma 1, beta 0.
     * Its output is a texture, not a pastiche; it is the start of training.
     *
     * @param spec       the architecture
     * @param alpha      the width multiplier {@code spec} was made with (recorded, not applied); positive and finite
     * @param styleNames the styles' names, index i at position i; distinct
     * @param seed       the seed of the weights' random numbers; one seed gives one model
     * @return the new model, with no painter or source for its styles
     * @throws IllegalArgumentException if two names are equal, a name is null or blank, or alpha is not positive
     *                                  and finite
     */
    public static Model untrained(NetworkSpec spec, double alpha, List<String> styleNames, long seed) {
        Random random = new Random(seed);
        List<float[]> weights = new ArrayList<>();
        for (ConvLayer conv : spec.convolutions()) {
            float[] w = new float[conv.weightCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (0.01 * random.nextGaussian());
            }
            weights.add(w);
        }
        List<Style> styles = new ArrayList<>();
        for (int i = 0; i < styleNames.size(); i++) {
            styles.add(Style.named(i, styleNames.get(i)));
        }
        return new Model(spec, alpha, weights, CinParameters.identity(spec, styles.size()), styles);
    }
}
