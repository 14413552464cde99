package io.pastiche.cli;

import io.pastiche.loss.LossSpec;
import io.pastiche.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a run trains: every field of {@link TrainingConfig} but the loss (see {@link LossOptions}). The defaults are
 * {@link TrainingConfig#defaults()}, the reference implementation's (a test keeps them equal).
 */
final class TrainingSettings {

    @Option(names = "--steps", paramLabel = "N",
            description = "The step to stop after; each step trains on --batch photos. Default: ${DEFAULT-VALUE} "
                    + "(the paper's).")
    int steps = 40_000;

    @Option(names = "--batch", paramLabel = "N",
            description = "Photos per step, each with a style drawn at random. Default: ${DEFAULT-VALUE}.")
    int batch = 16;

    @Option(names = "--crop", paramLabel = "PIXELS",
            description = "Side of the square crops trained on; photos are first scaled so that their shortest "
                    + "side is PIXELS+2. At least 16. Default: ${DEFAULT-VALUE}.")
    int crop = 256;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Adam's learning rate. Default: ${DEFAULT-VALUE}.")
    double learningRate = 1e-3;

    @Option(names = "--seed", paramLabel = "N",
            description = "Decides the crops, the styles drawn and (train) the starting weights: the same seed "
                    + "and options give the same model. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--style-size", paramLabel = "PIXELS",
            description = "Scale each painting down to this longest side before learning from it: smaller "
                    + "gives larger brush strokes. 0 keeps the paintings' own size. Default: ${DEFAULT-VALUE}.")
    int styleSize = 0;

    @Option(names = "--explosion-factor", paramLabel = "X",
            description = "Stop the run (keeping the last checkpoint) when the loss exceeds X times the first "
                    + "step's. Default: 1000.")
    double explosionFactor = 1e3;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write a checkpoint every N steps (and at the end, and on Ctrl-C). "
                    + "Default: ${DEFAULT-VALUE}.")
    int checkpointEvery = 500;

    @Option(names = "--sample-every", paramLabel = "N",
            description = "Write a sheet of sample pastiches every N steps; 0 for none. Default: ${DEFAULT-VALUE}.")
    int sampleEvery = 500;

    /**
     * The training configuration.
     *
     * @throws ParameterException naming the option that is out of range
     */
    TrainingConfig config(LossSpec loss, CommandLine commandLine) {
        atLeast(commandLine, "--steps", steps, 1);
        atLeast(commandLine, "--batch", batch, 1);
        atLeast(commandLine, "--crop", crop, 16);
        atLeast(commandLine, "--style-size", styleSize, 0);
        atLeast(commandLine, "--checkpoint-every", checkpointEvery, 1);
        atLeast(commandLine, "--sample-every", sampleEvery, 0);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new ParameterException(commandLine, "--lr must be a positive number, was " + learningRate);
        }
        if (!(explosionFactor > 1) || Double.isNaN(explosionFactor)) {
            throw new ParameterException(commandLine, "--explosion-factor must be more than 1, was "
                    + explosionFactor);
        }
        try {
            return new TrainingConfig(steps, batch, crop, learningRate, seed, loss, styleSize, checkpointEvery,
                    sampleEvery, explosionFactor);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    private static void atLeast(CommandLine commandLine, String option, long value, long minimum) {
        if (value < minimum) {
            throw new ParameterException(commandLine, option + " must be at least " + minimum + ", was " + value);
        }
    }
}
