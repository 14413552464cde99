package io.pastiche;

/** An image that cannot be read or used: not an image, corrupt, of an unsupported kind, or of an absurd size. */
public class ImageFormatException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong; characters that do not print as themselves are escaped ({@link Printable})
     */
    public ImageFormatException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong; characters that do not print as themselves are escaped ({@link Printable})
     * @param cause   the underlying failure, for example the decoder's or parser's
     */
    public ImageFormatException(String message, Throwable cause) {
        super(Printable.escaped(message), cause);
    }
}
