package io.pastiche.train;

import io.pastiche.loss.LossTerms;
import java.time.Duration;

/**
 * Where a run stands after a step. Immutable.
 *
 * @param step            steps done, counting those before a resume
 * @param steps           steps the run goes to ({@link TrainingConfig#steps()})
 * @param loss            this step's loss terms (before the update)
 * @param imagesPerSecond training photos per second since this sitting began (the start, or the resume)
 * @param remaining       the estimated time to the last step at that speed
 */
public record TrainingProgress(long step, long steps, LossTerms loss, double imagesPerSecond, Duration remaining) {
}
