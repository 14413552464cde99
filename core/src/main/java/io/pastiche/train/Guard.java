package io.pastiche.train;

import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.LossGradients;
import java.nio.file.Path;
import java.util.List;

/** Stops a run before a NaN, an infinity or an exploding loss reaches the parameters or a checkpoint. */
final class Guard {

    private Guard() {
    }

    static void check(LossGradients result, long step, double firstLoss, double explosionFactor, Path checkpoint,
                      long lastCheckpoint) {
        double total = result.terms().total();
        String problem = null;
        if (!Double.isFinite(total)) {
            problem = "the loss became " + total + " (" + result.terms() + ")";
        } else if (total > explosionFactor * firstLoss) {
            problem = "the loss exploded to " + total + ", more than " + explosionFactor + " times the first step's "
                    + firstLoss;
        } else if (!finite(result.weightGradients()) || !finiteStyles(result.styleGradients())) {
            problem = "a gradient became NaN or infinite";
        }
        if (problem != null) {
            String kept = lastCheckpoint == 0 ? "no checkpoint was written yet"
                    : "the last good checkpoint, of step " + lastCheckpoint + ", is kept at " + checkpoint;
            throw new TrainingStoppedException("training stopped at step " + step + ": " + problem + "; " + kept
                    + ". Lower the learning rate or the style weight, then resume or start again.");
        }
    }

    private static boolean finiteStyles(List<StyleEmbedding> gradients) {
        for (StyleEmbedding gradient : gradients) {
            for (int layer = 0; layer < gradient.layers(); layer++) {
                if (!finite(List.of(gradient.gamma(layer), gradient.beta(layer)))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean finite(List<float[]> arrays) {
        for (float[] array : arrays) {
            for (float v : array) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
