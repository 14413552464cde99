package io.pastiche.spark;

import io.pastiche.Style;
import io.pastiche.StyleMix;
import io.pastiche.UnknownStyleException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Which style each image gets: one style, one mix, or a random style (or a random mix of k styles) per image. A
 * random choice is drawn from the plan's seed and the image's source path only, so a rerun, a retried task or
 * another cluster gives every image the same style: the Stylized-ImageNet recipe (Geirhos et al., ICLR 2019)
 * reproducible to the byte. Immutable and serializable (Spark ships it to the executors).
 */
public final class StylePlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private enum Kind { ONE, MIX, RANDOM_STYLE, RANDOM_MIX }

    /** What the plan does. */
    private final Kind kind;
    /** The one style's name or index; null for the other kinds. */
    private final String style;
    /** The mix's weights by style name; null for the other kinds. */
    private final LinkedHashMap<String, Double> weights;
    /** How many styles a mix has. */
    private final int count;
    /** The random plans' seed. */
    private final long seed;

    private StylePlan(Kind kind, String style, Map<String, Double> weights, int count, long seed) {
        this.kind = kind;
        this.style = style;
        this.weights = weights == null ? null : new LinkedHashMap<>(weights);
        this.count = count;
        this.seed = seed;
    }

    /**
     * Every image in one style.
     *
     * @param nameOrIndex the style's name, or its 0-based index
     * @return the plan
     */
    public static StylePlan style(String nameOrIndex) {
        Objects.requireNonNull(nameOrIndex, "nameOrIndex");
        return new StylePlan(Kind.ONE, nameOrIndex, null, 1, 0);
    }

    /**
     * Every image in one mix of styles, the weights used as given.
     *
     * @param weightsByName finite weights by style name, in the mix's order
     * @return the plan
     * @throws IllegalArgumentException if there are none, or a weight is not finite
     */
    public static StylePlan mix(Map<String, Double> weightsByName) {
        if (weightsByName.isEmpty()) {
            throw new IllegalArgumentException("a mix needs at least one style");
        }
        weightsByName.forEach((name, weight) -> {
            if (name == null || weight == null || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("a mix needs a name and a finite weight for each style, was "
                        + name + "=" + weight);
            }
        });
        return new StylePlan(Kind.MIX, null, weightsByName, weightsByName.size(), 0);
    }

    /**
     * Each image in one of the model's styles, drawn at random (uniformly) from the seed and the image's path.
     *
     * @param seed the seed: the same seed gives every image the same style again
     * @return the plan
     */
    public static StylePlan randomStyle(long seed) {
        return new StylePlan(Kind.RANDOM_STYLE, null, null, 1, seed);
    }

    /**
     * Each image in a mix of {@code k} different styles drawn at random, with random weights (uniform on the
     * simplex, rounded to hundredths, summing to 1), from the seed and the image's path.
     *
     * @param k    how many styles each mix has, at least 1
     * @param seed the seed
     * @return the plan
     * @throws IllegalArgumentException if {@code k} is below 1
     */
    public static StylePlan randomMix(int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("a random mix has at least 1 style, was " + k);
        }
        return new StylePlan(Kind.RANDOM_MIX, null, null, k, seed);
    }

    /**
     * The seed of a random plan.
     *
     * @return the seed, or null for a plan that draws nothing
     */
    public Long seed() {
        return kind == Kind.RANDOM_STYLE || kind == Kind.RANDOM_MIX ? seed : null;
    }

    /**
     * The style of one image.
     *
     * @param source the image's source path (as Spark lists it): the random plans draw from it
     * @param styles the model's styles
     * @return the mix and its label
     * @throws UnknownStyleException    if the plan names a style the model does not have
     * @throws IllegalArgumentException if a random mix wants more styles than the model has
     */
    public Choice choose(String source, List<Style> styles) {
        return switch (kind) {
            case ONE -> {
                Style chosen = find(style, styles);
                yield new Choice(StyleMix.of(chosen.index()), chosen.name());
            }
            case MIX -> {
                Map<Integer, Double> byIndex = new LinkedHashMap<>();
                Map<String, Double> byName = new LinkedHashMap<>();
                weights.forEach((name, weight) -> {
                    Style found = find(name, styles);
                    byIndex.put(found.index(), weight);
                    byName.put(found.name(), weight);
                });
                yield new Choice(StyleMix.of(byIndex), label(byName));
            }
            case RANDOM_STYLE -> {
                Style chosen = styles.get(random(source).nextInt(styles.size()));
                yield new Choice(StyleMix.of(chosen.index()), chosen.name());
            }
            case RANDOM_MIX -> randomMix(source, styles);
        };
    }

    private Choice randomMix(String source, List<Style> styles) {
        if (count > styles.size()) {
            throw new IllegalArgumentException("a random mix of " + count + " styles needs a model of at least that "
                    + "many; this one has " + styles.size());
        }
        SplittableRandom random = random(source);
        List<Style> pool = new ArrayList<>(styles);
        // a partial Fisher-Yates shuffle: the first `count` are a uniform draw without replacement
        for (int i = 0; i < count; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        double[] raw = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            raw[i] = -Math.log(1 - random.nextDouble()); // exponential draws, normalised: uniform on the simplex
            sum += raw[i];
        }
        Map<Integer, Double> byIndex = new LinkedHashMap<>();
        Map<String, Double> byName = new LinkedHashMap<>();
        BigDecimal left = BigDecimal.ONE;
        for (int i = 0; i < count; i++) {
            BigDecimal weight = i == count - 1 ? left
                    : BigDecimal.valueOf(raw[i] / sum).setScale(2, RoundingMode.HALF_EVEN).min(left);
            left = left.subtract(weight);
            byIndex.put(pool.get(i).index(), weight.doubleValue());
            byName.put(pool.get(i).name(), weight.doubleValue());
        }
        return new Choice(StyleMix.of(byIndex), label(byName));
    }

    /** The draw of one image: the seed and a 64-bit FNV-1a hash of its path, which is stable across JVMs. */
    private SplittableRandom random(String source) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : source.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ hash);
    }

    private static Style find(String nameOrIndex, List<Style> styles) {
        return Style.byNameOrIndex(styles, nameOrIndex).orElseThrow(() -> new UnknownStyleException("no style '" + nameOrIndex + "'; the model's styles are "
                + styles.stream().map(s -> s.index() + " " + s.name()).collect(Collectors.joining(", "))));
    }

    /** A mix as a file name part, as {@code pastiche stylize} names it: {@code starry_night-0.7+the_scream-0.3}. */
    private static String label(Map<String, Double> weights) {
        return weights.entrySet().stream()
                .map(e -> e.getKey() + "-" + BigDecimal.valueOf(e.getValue()).stripTrailingZeros().toPlainString())
                .collect(Collectors.joining("+"));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ONE -> "style " + style;
            case MIX -> "mix " + label(weights);
            case RANDOM_STYLE -> String.format(Locale.ROOT, "a random style per image (seed %d)", seed);
            case RANDOM_MIX -> String.format(Locale.ROOT, "a random mix of %d styles per image (seed %d)", count, seed);
        };
    }

    /**
     * The style of one image.
     *
     * @param mix   the styles' weights
     * @param label the style's name, or the mix as {@code name-weight+name-weight}
     */
    public record Choice(StyleMix mix, String label) {
    }
}
