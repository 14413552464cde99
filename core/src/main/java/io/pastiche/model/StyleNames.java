package io.pastiche.model;

import io.pastiche.Printable;

/**
 * What a style name may be: 1 to {@value #MAX_LENGTH} letters, digits, {@code _}, {@code .} and {@code -}.
 * Style names are printed to terminals, typed on command lines and become parts of file names, so a model file
 * must not be able to put escape sequences, line breaks, spaces or slashes into them. Letters and digits are
 * those of Unicode ({@code nuit_étoilée} is fine), as the command line's own rule has them.
 */
public final class StyleNames {

    /** The longest name accepted, in characters (code points). */
    public static final int MAX_LENGTH = 64;

    private StyleNames() {
    }

    /**
     * Whether {@code name} is a valid style name.
     *
     * @param name any text; null is not valid
     * @return true if it follows the rule above
     */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /**
     * What is wrong with a style name, or {@code null} if nothing: a sentence that shows the name {@linkplain
     * #escaped escaped} and says what a name may be.
     *
     * @param name any text; null counts as empty
     * @return the problem, or {@code null} if the name is valid
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "the style name '' is empty; " + RULE;
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return "the style name '" + escaped(truncated(name)) + "...' has " + length + " characters, more than "
                    + MAX_LENGTH + "; " + RULE;
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (!allowed(c)) {
                return "the style name '" + escaped(name) + "' has " + describe(c) + "; " + RULE;
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static final String RULE = "a style name is 1 to " + MAX_LENGTH + " letters, digits, '_', '.' and '-'";

    private static boolean allowed(int c) {
        return Character.isLetter(c) || c == '_' || c == '.' || c == '-' || switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /**
     * Refuses an invalid style name.
     *
     * @param name any text
     * @return {@code name}, if it is valid
     * @throws IllegalArgumentException saying what is wrong, with the name escaped
     */
    public static String check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /**
     * The text with the characters a terminal would not show as themselves escaped ({@link Printable}).
     *
     * @param text any text; null stays null
     * @return the escaped text, the same string if it has nothing to escape
     */
    public static String escaped(String text) {
        return Printable.escaped(text);
    }

    private static String describe(int c) {
        return c == ' ' ? "a space" : "the character '" + escaped(new String(Character.toChars(c))) + "'";
    }

    private static String truncated(String name) {
        return name.substring(0, name.offsetByCodePoints(0, 16));
    }
}
