package io.pastiche.train;

import io.pastiche.loss.LossTerms;
import java.time.Duration;

/**
 * Where a run stands after a step.
 *
 * @param step            steps done
 * @param steps           steps the run goes to
 * @param loss            this step's loss terms (before the update)
 * @param imagesPerSecond training photos per second over this sitting
 * @param remaining       the estimated time to the last step at that speed
 */
public record TrainingProgress(long step, long steps, LossTerms loss, double imagesPerSecond, Duration remaining) {
}
