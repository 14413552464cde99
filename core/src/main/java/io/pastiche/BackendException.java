package io.pastiche;

/**
 * No backend could be chosen or opened: none on the class path, an unknown name, or an engine whose native
 * library failed to load. The message lists the providers found and why each was unavailable.
 */
public class BackendException extends PasticheException {

    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
