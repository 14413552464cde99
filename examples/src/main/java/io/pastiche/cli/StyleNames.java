package io.pastiche.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules for style names, shared by the commands that name styles ({@code create}, {@code train},
 * {@code add-style}): the model file's rule ({@link io.pastiche.model.StyleNames}: 1 to 64 letters, digits, '_', '-'
 * or '.'), not a number alone (it would read as an index in {@code stylize --style}), each name once.
 */
final class StyleNames {

    private StyleNames() {
    }

    /**
     * What is wrong with these names, or null if nothing is.
     *
     * @param what how the message names the names' origin, for example "style name"
     */
    static String problem(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String problem = problem(name, what);
            if (problem != null) {
                return problem;
            }
            if (!seen.add(name)) {
                return what + " '" + name + "' is given twice";
            }
        }
        return null;
    }

    /** What is wrong with this one name, or null: the model file's rule (characters, length), then the CLI's own. */
    static String problem(String name, String what) {
        String problem = io.pastiche.model.StyleNames.problem(name);
        if (problem != null) {
            return what + ": " + problem;
        }
        if (name.matches("\\d+")) {
            return what + " '" + name + "' is a number, which would read as a style index; add a letter";
        }
        return null;
    }
}
