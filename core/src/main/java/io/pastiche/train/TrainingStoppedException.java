package io.pastiche.train;

import io.pastiche.PasticheException;

/**
 * A run stopped because its loss or gradients became NaN or infinite, or the loss exploded. The last good
 * checkpoint is kept; the message says where, at which step, and what to change before resuming.
 */
public class TrainingStoppedException extends PasticheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the step, the problem, the last good checkpoint and what to change
     */
    public TrainingStoppedException(String message) {
        super(message);
    }
}
