package io.pastiche;

import java.util.Optional;

/**
 * One style of a network: its index (the row of the CIN tables) and what the model file says about it.
 *
 * @param index   0-based
 * @param name    a short unique name, for example {@code starry_night}
 * @param painter who painted it; empty if unknown
 * @param source  where the painting comes from (title, year, collection, licence); empty if unknown
 */
public record Style(int index, String name, String painter, String source) {

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

    /** A style known only by its name. */
    public static Style named(int index, String name) {
        return new Style(index, name, "", "");
    }

    public Optional<String> painterIfKnown() {
        return painter.isEmpty() ? Optional.empty() : Optional.of(painter);
    }
}
