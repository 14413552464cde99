package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.norm.ConditionalInstanceNorm;

/**
 * Conditional instance normalisation of a batch whose images may each have their own style:
 * {@code y = x * scale + shift} per image and channel, with {@code scale = gamma / sqrt(var + eps)} and
 * {@code shift = beta - mean * scale}, mean and biased variance over H and W.
 *
 * <p>It runs as PyTorch's own {@code instance_norm} does: the batch is viewed as one image of {@code B * C}
 * channels, and a training-mode batch normalisation of that view normalises each (image, channel) plane over its
 * pixels, with the per-image gamma and beta laid out as {@code B * C} values. This is one native call that
 * computes the statistics (accumulated in double on the CPU) and applies the folded scale and shift in a single
 * pass, where mean, subtract, square, mean, scale and shift as separate DJL operations take six. (DJL's
 * {@code mean} over several axes also throws, which the reshape to one channel axis avoids.)
 *
 * <p>It is differentiable: PyTorch's batch norm in training mode back-propagates to its input, weight (gamma) and
 * bias (beta) through the batch statistics, which here are exactly the per-image, per-channel statistics of
 * instance normalisation; the reshapes are views. The running statistics it updates in place are per-call
 * scratch that no gradient reads.
 */
final class InstanceNorm {

    private InstanceNorm() {
    }

    /**
     * @param x     NCHW, attached to a manager that may be closed after the call (a per-call scope)
     * @param gamma {@code [B, C]} (or {@code B * C} values), image-major: gamma of image {@code b}, channel
     *              {@code c} at {@code b * C + c}; it may require a gradient
     * @param beta  the same layout
     * @return NCHW, attached to {@code x}'s manager
     */
    static NDArray apply(NDArray x, NDArray gamma, NDArray beta) {
        Shape shape = x.getShape();
        long planes = shape.get(0) * shape.get(1);
        NDManager manager = x.getManager();
        if (gamma.size() != planes || beta.size() != planes) {
            throw new IllegalArgumentException("instance norm of " + shape + " needs " + planes
                    + " gamma and beta values, got " + gamma.getShape() + " and " + beta.getShape());
        }
        NDArray runningMean = manager.zeros(new Shape(planes));
        NDArray runningVar = manager.ones(new Shape(planes));
        NDList out = x.getNDArrayInternal().batchNorm(
                x.reshape(1, planes, shape.get(2), shape.get(3)),
                runningMean, runningVar,
                gamma.reshape(planes), beta.reshape(planes),
                1, 0.1f, (float) ConditionalInstanceNorm.EPSILON, true);
        return out.singletonOrThrow().reshape(shape);
    }
}
