package io.pastiche.tensorflow;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Mirror padding of the height and width of NHWC feature maps, as slices and concatenations rather than
 * TensorFlow's {@code MirrorPad} kernel, with the same values. {@code MirrorPad} computes every output element's
 * source index; a concatenation copies whole rows (along the height) and whole pixels (along the width) with
 * {@code memcpy}. Measured on 2 cores, per call: 0.29 ms instead of 0.81 for 64 x 64 x 128 (the residual blocks of
 * a 256 x 256 image), 0.66 instead of 1.38 for 128 x 128 x 64, 1.15 instead of 1.53 for the 9x9 layers' padding by 4
 * of 256 x 256 x 32. Slices, reversals and concatenations all have gradients, so training runs the same operations.
 */
final class MirrorPad {

    private MirrorPad() {
    }

    /**
     * {@code REFLECT}: the edge is not repeated ({@code -1 -> 1}), as the network's padding.
     *
     * @param x NHWC, height and width larger than {@code padding}
     */
    static Operand<TFloat32> reflect(Ops tf, Operand<TFloat32> x, int padding) {
        return pad(tf, pad(tf, x, padding, 1, 1), padding, 2, 1);
    }

    /** {@code SYMMETRIC}: the edge is repeated ({@code -1 -> 0}); height and width at least {@code padding}. */
    static Operand<TFloat32> symmetric(Ops tf, Operand<TFloat32> x, int padding) {
        return pad(tf, pad(tf, x, padding, 1, 0), padding, 2, 0);
    }

    /**
     * Pads one axis: the {@code padding} values after the first {@code skip} ones, reversed, before; the
     * {@code padding} values before the last {@code skip} ones, reversed, after.
     */
    private static Operand<TFloat32> pad(Ops tf, Operand<TFloat32> x, int padding, int axis, int skip) {
        int[] size = {-1, -1, -1, -1};
        size[axis] = padding;
        int[] headBegin = new int[4];
        headBegin[axis] = skip;
        Operand<TFloat32> head = tf.slice(x, tf.constant(headBegin), tf.constant(size));
        // The tail starts at n - skip - padding, n being the axis' length, known only when the graph runs.
        Operand<TInt32> length = tf.slice(tf.shape(x), tf.constant(new int[] {axis}), tf.constant(new int[] {1}));
        Operand<TInt32> tailBegin = tf.concat(List.of(tf.constant(new int[axis]),
                tf.math.sub(length, tf.constant(new int[] {skip + padding})), tf.constant(new int[3 - axis])),
                tf.constant(0));
        Operand<TFloat32> tail = tf.slice(x, tailBegin, tf.constant(size));
        if (padding > 1) {
            head = tf.reverse(head, tf.constant(new int[] {axis}));
            tail = tf.reverse(tail, tf.constant(new int[] {axis}));
        }
        return tf.concat(List.of(head, x, tail), tf.constant(axis));
    }
}
