package io.pastiche;

/** An image that cannot be read or used: not an image, corrupt, of an unsupported kind, or of an absurd size. */
public class ImageFormatException extends PasticheException {

    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }

    public ImageFormatException(String message, Throwable cause) {
        super(Printable.escaped(message), cause);
    }
}
