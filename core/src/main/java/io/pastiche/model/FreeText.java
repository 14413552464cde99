package io.pastiche.model;

/**
 * The rule for the free text of a model file (a style's {@code painter} and {@code source}): it is shown as it
 * is, except that every control character (Unicode category Cc: U+0000 to U+001F, U+007F to U+009F, so also
 * ESC, BEL, NUL, tab and line breaks) and every bidirectional formatting character (U+061C, U+200E, U+200F,
 * U+202A to U+202E, U+2066 to U+2069) becomes a space. A model file then cannot send escape sequences to a
 * terminal, or reorder what is shown around its text, through these fields.
 */
final class FreeText {

    private FreeText() {
    }

    /** The text with the characters above replaced by spaces; the same string if it has none. */
    static String clean(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = ' ';
            }
        }
        return chars == null ? text : new String(chars);
    }

    private static boolean unsafe(char c) {
        return Character.getType(c) == Character.CONTROL || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
