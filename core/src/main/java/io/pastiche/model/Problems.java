package io.pastiche.model;

import io.pastiche.ModelFormatException;

/**
 * Builds the messages of {@link ModelFormatException}: always the file, what is wrong with which tensor or
 * field, and what would fix it, so that a user can act on the message alone.
 */
final class Problems {

    private Problems() {
    }

    static ModelFormatException of(String file, String what, String fix) {
        return new ModelFormatException(file + ": " + what + "; " + fix);
    }

    static ModelFormatException of(String file, String what, String fix, Throwable cause) {
        return new ModelFormatException(file + ": " + what + "; " + fix, cause);
    }

    /** A shape as PyTorch prints it, for messages: {@code [32, 3, 9, 9]}. */
    static String shape(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(']').toString();
    }
}
