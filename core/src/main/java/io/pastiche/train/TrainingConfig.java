package io.pastiche.train;

import io.pastiche.loss.LossSpec;

/**
 * How a network is trained. Immutable; every {@code with...} returns a copy. The defaults are the reference
 * implementation's (DESIGN section 1.3) where it has one: Adam with learning rate 1e-3, batch 16, 256-pixel crops
 * of photos whose shortest side is first resized to the crop size plus 2, 40,000 steps; the seed is fixed, so a
 * run is repeatable.
 *
 * @param steps            the step to stop after
 * @param batchSize        photos per step, each with its own randomly drawn style
 * @param cropSize         side of the square crops
 * @param learningRate     Adam's step size
 * @param seed             decides every crop and every style drawn
 * @param loss             the loss layers and weights
 * @param styleImageSize   style images are scaled down to this longest side before their Grams are taken
 *                         (stroke scale); 0 keeps their own resolution
 * @param checkpointEvery  a checkpoint every this many steps (and at the end, and on a stop request)
 * @param sampleEvery      a sheet of sample pastiches every this many steps; 0 for none
 * @param explosionFactor  the run stops when the loss exceeds this multiple of the first step's loss
 */
public record TrainingConfig(int steps, int batchSize, int cropSize, double learningRate, long seed, LossSpec loss,
                             int styleImageSize, int checkpointEvery, int sampleEvery, double explosionFactor) {

    public TrainingConfig {
        positive(steps, "steps");
        positive(batchSize, "batchSize");
        positive(checkpointEvery, "checkpointEvery");
        if (cropSize < 16) {
            throw new IllegalArgumentException("cropSize must be at least 16, was " + cropSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
        }
        if (styleImageSize < 0 || sampleEvery < 0) {
            throw new IllegalArgumentException("styleImageSize and sampleEvery must be >= 0");
        }
        if (!(explosionFactor > 1)) {
            throw new IllegalArgumentException("explosionFactor must be > 1, was " + explosionFactor);
        }
        if (loss == null) {
            throw new IllegalArgumentException("a loss spec is required");
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** The reference defaults, with the VGG-19 losses at style weight 1e-4. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(40_000, 16, 256, 1e-3, 1, LossSpec.vgg19(1e-4), 0, 500, 500, 1e3);
    }

    public TrainingConfig withSteps(int value) {
        return new TrainingConfig(value, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(steps, value, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withCropSize(int value) {
        return new TrainingConfig(steps, batchSize, value, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(steps, batchSize, cropSize, value, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, value, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withLoss(LossSpec value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, value, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withStyleImageSize(int value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, value,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    public TrainingConfig withCheckpointEvery(int value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                value, sampleEvery, explosionFactor);
    }

    public TrainingConfig withSampleEvery(int value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, value, explosionFactor);
    }

    public TrainingConfig withExplosionFactor(double value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, value);
    }

    /**
     * What decides the trajectory: a run resumed from a checkpoint continues the same trajectory only if these
     * are equal. The number of steps and how often checkpoints and samples are written may change.
     */
    String trajectory() {
        return "batch=" + batchSize + " crop=" + cropSize + " lr=" + learningRate + " seed=" + seed + " loss="
                + loss + " styleImageSize=" + styleImageSize;
    }
}
