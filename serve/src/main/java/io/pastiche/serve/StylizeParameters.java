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
import java.util.regex.Pattern;

/**
 * The query parameters of {@code POST /v1/stylize}, checked against the network before any work: the style
 * ({@code style=starry_night} or {@code style=3}), mix ({@code mix=starry_night=0.7,the_scream=0.3}) or regions of
 * a style mask ({@code region=#ff0000=starry_night}, one per colour of the label image sent with the photo, and
 * {@code feather}), {@code normalize=true} to make a mix's (or each pixel's) weights sum to 1, the rendering
 * ({@code strength}, {@code preserveColors}, {@code brushScale}), {@code maxSize} (scale the photo down first) and
 * the {@code format} of the answer ({@code png} or {@code jpeg}). An unknown parameter is refused, so that a
 * misspelt one is never silently ignored.
 *
 * @param mix       the styles' weights; null with regions
 * @param regions   the style mask's regions; null without
 * @param label     the style or mix as a file name part, for example {@code starry_night}
 * @param rendering the strength, colours and brush scale
 * @param maxSize   the longest side the photo is scaled down to, or 0 to keep its size
 * @param format    {@code png} or {@code jpg}
 */
record StylizeParameters(StyleMix mix, Regions regions, String label, Rendering rendering, int maxSize,
                         String format) {

    /** Every parameter the call takes. */
    static final Set<String> NAMES = Set.of("style", "mix", "region", "feather", "normalize", "strength",
            "preserveColors", "brushScale", "maxSize", "format");

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

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
            if (parameter.getValue().size() > 1 && !parameter.getKey().equals("region")) {
                throw ApiError.badParameter("'" + parameter.getKey() + "' is given " + parameter.getValue().size()
                        + " times; give it once");
            }
        }
        String style = one(query, "style");
        String mix = one(query, "mix");
        List<String> regionTerms = query.getOrDefault("region", List.of());
        int given = (style == null ? 0 : 1) + (mix == null ? 0 : 1) + (regionTerms.isEmpty() ? 0 : 1);
        if (given != 1) {
            throw ApiError.badParameter(given == 0 ? "give a style: style=NAME (or its index), "
                    + "mix=NAME=WEIGHT,NAME=WEIGHT, or a mask with region=#RRGGBB=NAME per colour"
                    : "give one of style, mix and region");
        }
        boolean normalize = bool(query, "normalize");
        if (normalize && style != null) {
            throw ApiError.badParameter("normalize applies only to mix or region");
        }
        if (one(query, "feather") != null && regionTerms.isEmpty()) {
            throw ApiError.badParameter("feather applies only to a mask's regions");
        }
        StyleMix chosen = null;
        Regions regions = null;
        String label;
        try {
            if (style != null) {
                Style found = style(network, style);
                chosen = StyleMix.of(found.index());
                label = found.name();
            } else if (mix != null) {
                chosen = mix(network, mix, normalize, "mix");
                label = "mix";
            } else {
                regions = regions(network, regionTerms, normalize, whole(query, "feather", 0, 0));
                label = "regions";
            }
        } catch (UnknownStyleException e) {
            throw new ApiError(404, "unknown_style", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(e.getMessage()); // a weight the mix refuses
        }
        Rendering rendering;
        try {
            rendering = new Rendering(number(query, "strength", 1), bool(query, "preserveColors"),
                    number(query, "brushScale", 1));
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(e.getMessage());
        }
        int maxSize = whole(query, "maxSize", 0, 1);
        return new StylizeParameters(chosen, regions, label, rendering, maxSize, format(one(query, "format")));
    }

    /** The media type of the answer. */
    String mediaType() {
        return format.equals("png") ? "image/png" : "image/jpeg";
    }

    /** The file name the answer suggests. */
    String fileName() {
        return "pastiche_" + label + (format.equals("png") ? ".png" : ".jpg");
    }

    /** A style by name, or else by index, as {@code pastiche stylize --style} takes it. */
    private static Style style(StyleNetwork network, String nameOrIndex) {
        List<Style> styles = network.styles();
        return Style.byNameOrIndex(styles, nameOrIndex).orElseGet(() -> {
            if (!nameOrIndex.isEmpty() && nameOrIndex.chars().allMatch(Character::isDigit)) {
                throw new UnknownStyleException("no style " + nameOrIndex + ": the model's styles are 0 to "
                        + (styles.size() - 1));
            }
            return network.style(nameOrIndex); // throws, naming the styles there are
        });
    }

    /** The mask's regions: each term {@code #RRGGBB=NAME} or {@code #RRGGBB=NAME=W,NAME=W}. */
    private static Regions regions(StyleNetwork network, List<String> terms, boolean normalize, int feather) {
        Map<Integer, StyleMix> byColour = new LinkedHashMap<>();
        for (String term : terms) {
            int equals = term.indexOf('=');
            String colour = equals < 0 ? term : term.substring(0, equals);
            if (!COLOUR.matcher(colour).matches() || equals == term.length() - 1) {
                throw ApiError.badParameter("region is #RRGGBB=NAME or #RRGGBB=NAME=WEIGHT,NAME=WEIGHT, for "
                        + "example #ff0000=starry_night; '" + term + "' is not");
            }
            String styles = term.substring(equals + 1);
            String what = "region " + colour;
            StyleMix mix = styles.contains("=") ? mix(network, styles, false, what)
                    : StyleMix.of(style(network, styles).index());
            if (byColour.put(Integer.parseInt(colour.substring(1), 16), mix) != null) {
                throw ApiError.badParameter("region " + colour + " is given twice");
            }
        }
        return new Regions(byColour, feather, normalize);
    }

    private static StyleMix mix(StyleNetwork network, String terms, boolean normalize, String what) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String term : terms.split(",", -1)) {
            int equals = term.lastIndexOf('=');
            if (equals <= 0) {
                throw ApiError.badParameter(what + " is NAME=WEIGHT,NAME=WEIGHT, for example starry_night=0.7,"
                        + "the_scream=0.3; '" + term + "' has no weight");
            }
            String name = term.substring(0, equals).trim();
            double weight = parse("the weight of " + name + " in " + what, term.substring(equals + 1));
            String key = style(network, name).name();
            if (weights.put(key, weight) != null) {
                throw ApiError.badParameter(what + " names '" + key + "' twice");
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

    /** A whole number of pixels, at least {@code least}; the fallback when absent. */
    private static int whole(Map<String, List<String>> query, String name, int fallback, int least) {
        String value = one(query, name);
        if (value == null) {
            return fallback;
        }
        double number = parse(name, value);
        if (number < least || number != Math.rint(number) || number > 1 << 20) {
            throw ApiError.badParameter(name + " is a whole number of pixels, at least " + least + ", was '"
                    + value + "'");
        }
        return (int) number;
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
