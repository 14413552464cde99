package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.Style;
import io.pastiche.StyleMix;
import io.pastiche.UnknownStyleException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import picocli.CommandLine.Option;

/**
 * {@code --style} or {@code --mix}, exactly one (a picocli exclusive group in {@link StylizeCommand}). A style is
 * named by its name or by its index; a name wins if a style happens to be named like a number.
 */
final class StyleOptions {

    @Option(names = {"-s", "--style"}, paramLabel = "STYLE", required = true,
            description = "The style: its name or its index (see 'pastiche styles').")
    String style;

    @Option(names = "--mix", paramLabel = "STYLE=WEIGHT,...", required = true, converter = Mix.Converter.class,
            description = {"A mix of styles, for example starry_night=0.7,the_scream=0.3 (names or indices).",
                    "Weights are used as given (the paper's convention; their sum need not be 1) unless "
                            + "--normalize."})
    Mix mix;

    /** The style weights chosen, and a short label for output file names. */
    record Choice(StyleMix mix, String label) {
    }

    /** Terms of {@code --mix} naming the same style twice, by the same spelling: a usage error. */
    String repeatedMixTerm() {
        if (mix == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (MixTerm term : mix.terms()) {
            if (!seen.add(term.style())) {
                return term.style();
            }
        }
        return null;
    }

    /**
     * Resolves the names and indices against the model's styles.
     *
     * @throws UnknownStyleException naming the styles the model has
     */
    Choice resolve(List<Style> styles, boolean normalize, String model) {
        if (style != null) {
            Style chosen = find(style, styles, model);
            return new Choice(StyleMix.of(chosen.index()), FileNames.safe(chosen.name()));
        }
        Map<Integer, Double> weights = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (MixTerm term : mix.terms()) {
            Style chosen = find(term.style(), styles, model);
            if (weights.put(chosen.index(), term.weight()) != null) {
                throw new CliException("--mix names style " + chosen.index() + " (" + Printable.escaped(chosen.name())
                        + ") twice");
            }
            names.add(chosen.name());
        }
        StyleMix chosen = StyleMix.of(weights);
        if (normalize) {
            try {
                chosen = chosen.normalized();
            } catch (IllegalArgumentException e) {
                throw new CliException("--normalize: " + e.getMessage());
            }
        }
        // Exact weights, not rounded ones: 0.0625 and 0.062 are different mixes and must not share a file name.
        StringJoiner label = new StringJoiner("+");
        int i = 0;
        for (double weight : chosen.weights().values()) {
            label.add(FileNames.safe(names.get(i++)) + "-" + Numbers.exact(weight));
        }
        return new Choice(chosen, label.toString());
    }

    /** The style of this name, or else of this index. */
    static Style find(String key, List<Style> styles, String model) {
        return Style.byNameOrIndex(styles, key).orElseThrow(() -> new UnknownStyleException("no style '" + Printable.escaped(key) + "' in " + Printable.escaped(model) + "; "
                + list(styles)));
    }

    /** "its 2 styles are: 0 starry_night, 1 monet". */
    static String list(List<Style> styles) {
        StringJoiner text = new StringJoiner(", ", "its " + styles.size() + " style"
                + (styles.size() == 1 ? " is: " : "s are: "), "");
        for (Style s : styles) {
            text.add(s.index() + " " + Printable.escaped(s.name()));
        }
        return text.toString();
    }
}
