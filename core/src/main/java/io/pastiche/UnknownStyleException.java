package io.pastiche;

/** A style index or name the network does not have; the message lists the styles it has. */
public class UnknownStyleException extends PasticheException {

    private static final long serialVersionUID = 1L;

    public UnknownStyleException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }
}
