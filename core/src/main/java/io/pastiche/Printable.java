package io.pastiche;

/**
 * Text from files made safe to print: every character that is not shown as itself (controls such as ESC, BEL,
 * NUL and line breaks; format characters such as bidirectional overrides; line and paragraph separators;
 * unassigned, private-use and unpaired surrogate code points) is written as a Java escape, {@code \u001b} for
 * ESC. The messages of the exceptions that quote files (model files, checkpoints, images) pass through it, so a
 * hostile file cannot send escape sequences to a terminal or a log through an error message.
 */
public final class Printable {

    private Printable() {
    }

    /**
     * The text with the characters above escaped: for a value inside one line.
     *
     * @param text any text; null stays null
     * @return the same string if it has nothing to escape
     */
    public static String escaped(String text) {
        return escape(text, false);
    }

    /**
     * As {@link #escaped}, but line feeds are kept: for a message of several lines.
     *
     * @param text any text; null stays null
     * @return the same string if it has nothing to escape
     */
    public static String escapedKeepingLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && shown(text.codePointAt(i), keepLines)) {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (shown(c, keepLines)) {
                out.appendCodePoint(c);
            } else {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04x", (int) unit));
                }
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static boolean shown(int c, boolean keepLines) {
        if (c == ' ' || keepLines && c == '\n') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE ->
                    false;
            default -> true;
        };
    }
}
