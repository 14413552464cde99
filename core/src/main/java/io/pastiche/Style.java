package io.pastiche;

import java.util.List;
import java.util.Optional;

/**
 * One style of a network: its index (the row of the CIN tables) and what the model file says about it. Immutable.
 *
 * @param index   0-based
 * @param name    a short name, unique within a network, for example {@code starry_night}
 * @param painter who painted it; empty if unknown
 * @param source  where the painting comes from (title, year, collection, licence); empty if unknown
 */
public record Style(int index, String name, String painter, String source) {

    /**
     * Checks the index and name.
     *
     * @param index   0-based
     * @param name    not null or blank
     * @param painter who painted it; null or empty if unknown (null becomes empty)
     * @param source  where the painting comes from; null or empty if unknown (null becomes empty)
     * @throws IllegalArgumentException if {@code index} is negative or {@code name} is null or blank
     */
    public Style {
        if (index < 0) {
            throw new IllegalArgumentException("style index must be >= 0, was " + index);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("style " + index + " needs a name");
        }
        painter = painter == null ? "" : painter;
        source = source == null ? "" : source;
    }

    /**
     * A style known only by its name.
     *
     * @param index 0-based
     * @param name  not null or blank
     * @return the style, with painter and source empty
     * @throws IllegalArgumentException if {@code index} is negative or {@code name} is null or blank
     */
    public static Style named(int index, String name) {
        return new Style(index, name, "", "");
    }

    /**
     * A style as people name it on a command line or in a request: by its name, or else by its 0-based index. A name
     * comes first, so that a style named {@code 3} is that style, whatever its index.
     *
     * @param styles      a network's styles, in index order
     * @param nameOrIndex a style's name, or its index in decimal digits
     * @return the style, or empty if there is none of that name or index
     */
    public static Optional<Style> byNameOrIndex(List<Style> styles, String nameOrIndex) {
        for (Style candidate : styles) {
            if (candidate.name().equals(nameOrIndex)) {
                return Optional.of(candidate);
            }
        }
        if (nameOrIndex.matches("\\d{1,9}")) {
            int index = Integer.parseInt(nameOrIndex);
            if (index < styles.size()) {
                return Optional.of(styles.get(index));
            }
        }
        return Optional.empty();
    }

    /**
     * The painter, where the model file names one.
     *
     * @return the painter, or empty if unknown
     */
    public Optional<String> painterIfKnown() {
        return painter.isEmpty() ? Optional.empty() : Optional.of(painter);
    }
}
