package io.pastiche.cli;

/**
 * Text from a model file or another file (style names, painters, titles) made safe to print: a control character
 * could move the cursor, retitle the window or hide the rest of a line on the user's terminal. C0 and C1 controls,
 * DEL and the Unicode bidirectional overrides are shown escaped, as {@code \u001b}.
 */
final class Printable {

    private Printable() {
    }

    /** The text with every control character escaped, line breaks too: for a value inside a line. */
    static String of(String text) {
        return escape(text, false);
    }

    /** The text with every control character escaped but its line breaks: for a message of several lines. */
    static String keepingLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = isControl(c) && !(keepLines && c == '\n');
            if (escape && safe == null) {
                safe = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escape) {
                safe.append(String.format("\\u%04x", (int) c));
            } else if (safe != null) {
                safe.append(c);
            }
        }
        return safe == null ? text : safe.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c == 0x061c || c == 0x200e || c == 0x200f   // bidi marks
                || c >= 0x202a && c <= 0x202e                 // bidi embeddings and overrides
                || c >= 0x2066 && c <= 0x2069;                // bidi isolates
    }
}
