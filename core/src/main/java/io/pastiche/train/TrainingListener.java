package io.pastiche.train;

import java.nio.file.Path;

/** Hears what a run does; called on the training thread, so keep it quick. */
public interface TrainingListener {

    /** After every step. */
    default void onStep(TrainingProgress progress) {
    }

    /** After a checkpoint has been written (atomically). */
    default void onCheckpoint(long step, Path checkpoint) {
    }

    /** After a sheet of sample pastiches has been written. */
    default void onSample(long step, Path sheet) {
    }
}
