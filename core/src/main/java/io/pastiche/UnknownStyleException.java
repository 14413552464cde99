package io.pastiche;

/** A style index or name the network does not have; the message lists the styles it has. */
public class UnknownStyleException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong; characters that do not print as themselves are escaped ({@link Printable})
     */
    public UnknownStyleException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }
}
