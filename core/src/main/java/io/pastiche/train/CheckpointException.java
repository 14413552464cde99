package io.pastiche.train;

import io.pastiche.PasticheException;
import io.pastiche.Printable;

/**
 * A checkpoint that does not fit the run: it exists where a new run would write one, or it was written by a run
 * with another network, other styles or other settings. The message names the file and the difference.
 */
public class CheckpointException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong; characters that do not print as themselves are escaped ({@link Printable})
     */
    public CheckpointException(String message) {
        super(Printable.escaped(message)); // quotes files and user input
    }
}
