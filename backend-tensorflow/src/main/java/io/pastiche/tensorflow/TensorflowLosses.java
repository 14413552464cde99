package io.pastiche.tensorflow;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training losses of {@code io.pastiche.loss} as differentiable TensorFlow operations on NHWC features, each
 * returning a scalar. The definitions, and the reference they are tested against, are core's; each method names its
 * counterpart.
 */
final class TensorflowLosses {

    private TensorflowLosses() {
    }

    /**
     * {@link io.pastiche.loss.GramMatrix}: {@code F^T F / (H * W)} per image, for F the {@code [H*W, C]} view of its
     * features.
     *
     * @param features NHWC, of {@code channels} channels
     * @return {@code [B, C, C]}
     */
    static Operand<TFloat32> gram(Ops tf, Operand<TFloat32> features, int channels) {
        Operand<TInt32> shape = tf.shape(features);
        Operand<TInt32> flat = tf.concat(java.util.List.of(
                tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[] {-1, channels})), tf.constant(0));
        Operand<TFloat32> f = tf.reshape(features, flat);
        Operand<TFloat32> positions = tf.dtypes.cast(
                tf.prod(tf.slice(shape, tf.constant(new int[] {1}), tf.constant(new int[] {2})), tf.constant(0)),
                TFloat32.class);
        return tf.math.div(tf.train.batchMatMul(f, f, TFloat32.class, BatchMatMul.adjX(true)), positions);
    }

    /** {@link io.pastiche.loss.ContentLoss}: the mean of the squared differences over the batch, H, W and C. */
    static Operand<TFloat32> content(Ops tf, Operand<TFloat32> pastiche, Operand<TFloat32> content) {
        return tf.math.mean(tf.math.squaredDifference(pastiche, content), tf.constant(new int[] {0, 1, 2, 3}));
    }

    /**
     * {@link io.pastiche.loss.StyleLoss}: the mean over the C*C entries of the squared difference of the Gram
     * matrices, then over the batch; one mean, every image having the same C.
     *
     * @param grams   {@code [B, C, C]} of the pastiches
     * @param targets {@code [B, C, C]}, per image the Gram matrix of its style
     */
    static Operand<TFloat32> style(Ops tf, Operand<TFloat32> grams, Operand<TFloat32> targets) {
        return tf.math.mean(tf.math.squaredDifference(grams, targets), tf.constant(new int[] {0, 1, 2}));
    }

    /**
     * {@link io.pastiche.loss.TotalVariationLoss}: the mean of the squared vertical neighbour differences plus the
     * mean of the squared horizontal ones, over the batch and the channels; a side of 1 contributes 0.
     *
     * @param images NHWC
     */
    static Operand<TFloat32> totalVariation(Ops tf, Operand<TFloat32> images) {
        return tf.math.add(neighbours(tf, images, new int[] {0, 1, 0, 0}),
                neighbours(tf, images, new int[] {0, 0, 1, 0}));
    }

    /** The mean squared difference between each pixel and its neighbour {@code step} further; 0 if there is none. */
    private static Operand<TFloat32> neighbours(Ops tf, Operand<TFloat32> images, int[] step) {
        Operand<TInt32> size = tf.math.sub(tf.shape(images), tf.constant(step));
        Operand<TFloat32> difference = tf.math.sub(
                tf.slice(images, tf.constant(step), size),
                tf.slice(images, tf.constant(new int[] {0, 0, 0, 0}), size));
        Operand<TFloat32> sum = tf.reduceSum(tf.math.square(difference), tf.constant(new int[] {0, 1, 2, 3}));
        Operand<TFloat32> count = tf.math.maximum(tf.dtypes.cast(tf.size(difference), TFloat32.class),
                tf.constant(1f));
        return tf.math.div(sum, count);
    }
}
