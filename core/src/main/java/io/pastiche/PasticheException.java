package io.pastiche;

/** The root of every exception pastiche throws on purpose; catch this to handle them all. */
public class PasticheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, in words the user can act on
     */
    public PasticheException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed, in words the user can act on
     * @param cause   the underlying failure
     */
    public PasticheException(String message, Throwable cause) {
        super(message, cause);
    }
}
