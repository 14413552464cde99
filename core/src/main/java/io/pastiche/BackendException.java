package io.pastiche;

/**
 * No backend could be chosen or opened: none on the class path, an unknown name, or an engine whose native
 * library failed to load. The message lists the providers found and why each was unavailable.
 */
public class BackendException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     */
    public BackendException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed and what to do
     * @param cause   the underlying failure, for example the engine's
     */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
