package io.pastiche;

/**
 * A model file that cannot be used: not a safetensors file, truncated, malformed, from a newer format version,
 * or with tensors that do not fit the architecture its manifest declares. The message names the problem.
 */
public class ModelFormatException extends PasticheException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }

    public ModelFormatException(String message, Throwable cause) {
        super(Printable.escaped(message), cause);
    }
}
