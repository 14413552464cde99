package io.pastiche.train;

import io.pastiche.loss.LossSpec;

/**
 * How a network is trained. Immutable; every {@code with...} returns a copy, checked as the constructor checks.
 * The defaults are those of the paper's reference implementation where it has one (docs/training.md): Adam with
 * learning rate 1e-3, batch 16, 256-pixel crops of photos whose shortest side is first resized to the crop size
 * plus 2, 40,000 steps; the seed is fixed, so a run is repeatable.
 *
 * @param steps            the step to stop after, counting the steps done before a resume
 * @param batchSize        photos per step, each with its own randomly drawn style
 * @param cropSize         side of the square crops
 * @param learningRate     Adam's step size
 * @param seed             decides every crop and every style drawn
 * @param loss             the loss layers and weights
 * @param styleImageSize   style images are scaled down to this longest side before their Grams are taken
 *                         (stroke scale); 0 keeps their own resolution
 * @param checkpointEvery  a checkpoint every this many steps (and at the end, and on a stop request)
 * @param sampleEvery      a sheet of sample pastiches every this many steps, where {@link Trainer#sampleInto} names
 *                         a folder; 0 for none
 * @param explosionFactor  the run stops when the loss exceeds this multiple of the loss of the first step this
 *                         sitting ran (the first step after a resume)
 */
public record TrainingConfig(int steps, int batchSize, int cropSize, double learningRate, long seed, LossSpec loss,
                             int styleImageSize, int checkpointEvery, int sampleEvery, double explosionFactor) {

    /**
     * Checks the settings.
     *
     * @param steps           at least 1
     * @param batchSize       at least 1
     * @param cropSize        at least 16, in pixels
     * @param learningRate    positive and finite
     * @param seed            any value
     * @param loss            not null
     * @param styleImageSize  {@code >= 0}, in pixels; 0 keeps the style images' own resolution
     * @param checkpointEvery at least 1
     * @param sampleEvery     {@code >= 0}; 0 for no samples
     * @param explosionFactor greater than 1
     * @throws IllegalArgumentException naming the first setting out of range
     */
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

    /**
     * The reference defaults, with the VGG-19 losses at style weight 1e-4.
     *
     * @return 40,000 steps of 16 crops of 256 pixels, learning rate 1e-3, seed 1,
     *         {@link LossSpec#vgg19 LossSpec.vgg19(1e-4)}, style images at their own size, a checkpoint and a
     *         sample sheet every 500 steps, explosion factor 1000
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(40_000, 16, 256, 1e-3, 1, LossSpec.vgg19(1e-4), 0, 500, 500, 1e3);
    }

    /**
     * Another number of steps.
     *
     * @param value the step to stop after, at least 1
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withSteps(int value) {
        return new TrainingConfig(value, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Another batch size.
     *
     * @param value photos per step, at least 1
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(steps, value, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Another crop size.
     *
     * @param value side of the square crops, in pixels, at least 16
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withCropSize(int value) {
        return new TrainingConfig(steps, batchSize, value, learningRate, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Another learning rate.
     *
     * @param value Adam's step size, positive and finite
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(steps, batchSize, cropSize, value, seed, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Another seed: other crops and styles drawn, so another trajectory.
     *
     * @param value any value
     * @return a copy with it
     */
    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, value, loss, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Other losses.
     *
     * @param value the loss layers and weights; not null
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is null
     */
    public TrainingConfig withLoss(LossSpec value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, value, styleImageSize,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Another size of the style images.
     *
     * @param value the longest side the style images are scaled down to, in pixels, {@code >= 0}; 0 keeps their
     *              own resolution
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withStyleImageSize(int value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, value,
                checkpointEvery, sampleEvery, explosionFactor);
    }

    /**
     * Another interval between checkpoints.
     *
     * @param value steps between checkpoints, at least 1
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withCheckpointEvery(int value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                value, sampleEvery, explosionFactor);
    }

    /**
     * Another interval between sample sheets.
     *
     * @param value steps between sample sheets, {@code >= 0}; 0 for none
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
    public TrainingConfig withSampleEvery(int value) {
        return new TrainingConfig(steps, batchSize, cropSize, learningRate, seed, loss, styleImageSize,
                checkpointEvery, value, explosionFactor);
    }

    /**
     * Another limit on the loss.
     *
     * @param value the multiple of the first step's loss that stops the run, greater than 1
     * @return a copy with it
     * @throws IllegalArgumentException if {@code value} is out of range
     */
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
