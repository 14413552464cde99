package io.pastiche;

/**
 * A model file that cannot be used: not a safetensors file, truncated, malformed, from a newer format version,
 * or with tensors that do not fit the architecture its manifest declares. The message names the problem.
 */
public class ModelFormatException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong; characters that do not print as themselves are escaped ({@link Printable})
     */
    public ModelFormatException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong; characters that do not print as themselves are escaped ({@link Printable})
     * @param cause   the underlying failure, for example the decoder's or parser's
     */
    public ModelFormatException(String message, Throwable cause) {
        super(Printable.escaped(message), cause);
    }
}
