package io.pastiche.cli;

/**
 * A runtime failure the command has already put into words a person can act on (exit code 1). The message is
 * printed as is; the stack trace only with {@code --verbose}.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
