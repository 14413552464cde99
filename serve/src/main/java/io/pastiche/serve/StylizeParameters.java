package io.pastiche.serve;

import io.pastiche.Rendering;
import io.pastiche.Style;
import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.UnknownStyleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of {@code POST /v1/stylize}, checked against the network before any work: the style
 * ({@code style=starry_night} or {@code style=3}) or mix ({@code mix=starry_night=0.7,the_scream=0.3}, with
 * {@code normalize=true} to make the weights sum to 1), the rendering ({@code strength}, {@code preserveColors},
 * {@code brushScale}), {@code maxSize} (scale the photo down first) and the {@code format} of the answer
 * ({@code png} or {@code jpeg}). An unknown parameter is refused, so that a misspelt one is never silently ignored.
 *
 * @param mix       the styles' weights
 * @param label     the style or mix as a file name part, for example {@code starry_night}
 * @param rendering the strength, colours and brush scale
 * @param maxSize   the longest side the photo is scaled down to, or 0 to keep its size
 * @param format    {@code png} or {@code jpg}
 */
record StylizeParameters(StyleMix mix, String label, Rendering rendering, int maxSize, String format) {

    /** Every parameter the call takes. */
    static final Set<String> NAMES = Set.of("style", "mix", "normalize", "strength", "preserveColors",
            "brushScale", "maxSize", "format");

    /**
     * Reads and checks the parameters.
     *
     * @param query   the query parameters, each name with its values
     * @param network the network whose styles are named
     * @return the parameters
     * @throws ApiError 400 {@code bad_parameter} naming the parameter and what it takes, or 404
     *                  {@code unknown_style} naming the styles there are
     */
    static StylizeParameters of(Map<String, List<String>> query, StyleNetwork network) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!NAMES.contains(parameter.getKey())) {
                throw ApiError.badParameter("unknown parameter '" + parameter.getKey() + "'; the parameters are "
                        + String.join(", ", NAMES.stream().sorted().toList()));
            }
            if (parameter.getValue().size() > 1) {
                throw ApiError.badParameter("'" + parameter.getKey() + "' is given " + parameter.getValue().size()
                        + " times; give it once");
            }
        }
        String style = one(query, "style");
        String mix = one(query, "mix");
        if ((style == null) == (mix == null)) {
            throw ApiError.badParameter(style == null ? "give a style: style=NAME (or its index), or "
                    + "mix=NAME=WEIGHT,NAME=WEIGHT" : "give style or mix, not both");
        }
        boolean normalize = bool(query, "normalize");
        if (normalize && mix == null) {
            throw ApiError.badParameter("normalize applies only to mix");
        }
        StyleMix chosen;
        String label;
        try {
            if (style != null) {
                Style found = style(network, style);
                chosen = StyleMix.of(found.index());
                label = found.name();
            } else {
                chosen = mix(network, mix, normalize);
                label = "mix";
            }
        } catch (UnknownStyleException e) {
            throw new ApiError(404, "unknown_style", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("mix: " + e.getMessage()); // a negative weight
        }
        Rendering rendering;
        try {
            rendering = new Rendering(number(query, "strength", 1), bool(query, "preserveColors"),
                    number(query, "brushScale", 1));
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(e.getMessage());
        }
        int maxSize = (int) number(query, "maxSize", 0);
        if (one(query, "maxSize") != null && (maxSize < 1 || maxSize != number(query, "maxSize", 0))) {
            throw ApiError.badParameter("maxSize is a whole number of pixels, at least 1, was '"
                    + one(query, "maxSize") + "'");
        }
        return new StylizeParameters(chosen, label, rendering, maxSize, format(one(query, "format")));
    }

    /** The media type of the answer. */
    String mediaType() {
        return format.equals("png") ? "image/png" : "image/jpeg";
    }

    /** The file name the answer suggests. */
    String fileName() {
        return "pastiche_" + label + (format.equals("png") ? ".png" : ".jpg");
    }

    private static Style style(StyleNetwork network, String nameOrIndex) {
        if (!nameOrIndex.isEmpty() && nameOrIndex.chars().allMatch(Character::isDigit)) {
            List<Style> styles = network.styles();
            int index = nameOrIndex.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(nameOrIndex);
            if (index >= styles.size()) {
                throw new UnknownStyleException("no style " + nameOrIndex + ": the model's styles are 0 to "
                        + (styles.size() - 1));
            }
            return styles.get(index);
        }
        return network.style(nameOrIndex);
    }

    private static StyleMix mix(StyleNetwork network, String terms, boolean normalize) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String term : terms.split(",", -1)) {
            int equals = term.lastIndexOf('=');
            if (equals <= 0) {
                throw ApiError.badParameter("mix is NAME=WEIGHT,NAME=WEIGHT, for example starry_night=0.7,"
                        + "the_scream=0.3; '" + term + "' has no weight");
            }
            String name = term.substring(0, equals).trim();
            double weight = parse("the weight of " + name + " in mix", term.substring(equals + 1));
            String key = style(network, name).name();
            if (weights.put(key, weight) != null) {
                throw ApiError.badParameter("mix names '" + key + "' twice");
            }
        }
        if (normalize) {
            double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
            if (sum == 0 || !Double.isFinite(sum)) {
                throw ApiError.badParameter("normalize divides the weights by their sum, which is " + sum
                        + " here; give weights that do not sum to 0");
            }
        }
        StyleMix mix = network.mix(weights);
        return normalize ? mix.normalized() : mix;
    }

    private static String format(String value) {
        if (value == null) {
            return "png";
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "png" -> "png";
            case "jpeg", "jpg" -> "jpg";
            default -> throw ApiError.badParameter("format is png or jpeg, was '" + value + "'");
        };
    }

    private static String one(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean bool(Map<String, List<String>> query, String name) {
        String value = one(query, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true") || value.isEmpty()) {
            return true;
        }
        throw ApiError.badParameter(name + " is true or false, was '" + value + "'");
    }

    private static double number(Map<String, List<String>> query, String name, double fallback) {
        String value = one(query, name);
        return value == null ? fallback : parse(name, value);
    }

    private static double parse(String what, String value) {
        try {
            double number = Double.parseDouble(value.trim());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.badParameter(what + " must be a number, was '" + value + "'");
    }
}
