package io.pastiche;

/** The root of every exception pastiche throws on purpose; catch this to handle them all. */
public class PasticheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PasticheException(String message) {
        super(message);
    }

    public PasticheException(String message, Throwable cause) {
        super(message, cause);
    }
}
