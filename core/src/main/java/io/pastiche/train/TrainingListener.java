package io.pastiche.train;

import java.nio.file.Path;

/**
 * Hears what a run does; called on the training thread, so keep it quick. Every method does nothing by default.
 * An exception thrown here ends the run.
 */
public interface TrainingListener {

    /**
     * After every step.
     *
     * @param progress the step, its loss, the speed and the time left
     */
    default void onStep(TrainingProgress progress) {
    }

    /**
     * After a checkpoint has been written (atomically).
     *
     * @param step       the steps the checkpoint holds
     * @param checkpoint the file
     */
    default void onCheckpoint(long step, Path checkpoint) {
    }

    /**
     * After a sheet of sample pastiches has been written.
     *
     * @param step  the step the samples show
     * @param sheet the PNG file
     */
    default void onSample(long step, Path sheet) {
    }
}
