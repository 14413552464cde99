package io.pastiche.tensorflow;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

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
     * Pads one axis: before, the {@code padding} values after the first {@code skip} ones, reversed; after, the
     * {@code padding} values before the last {@code skip} ones, reversed. The tail is a strided slice counted from
     * the end, so the graph computes no shapes (the height and width are known only when it runs, and every small
     * operation costs the executor a step); strides stay 1 and a reversal follows, as TensorFlow's strided slice
     * with a stride of -1 took several times longer.
     */
    private static Operand<TFloat32> pad(Ops tf, Operand<TFloat32> x, int padding, int axis, int skip) {
        Operand<TFloat32> head = slice(tf, x, axis, skip, skip + padding);
        Operand<TFloat32> tail = slice(tf, x, axis, -skip - padding, -skip);
        if (padding > 1) {
            head = tf.reverse(head, tf.constant(new int[] {axis}));
            tail = tf.reverse(tail, tf.constant(new int[] {axis}));
        }
        return tf.concat(List.of(head, x, tail), tf.constant(axis));
    }

    /** Elements {@code [begin, end)} of one axis (negative: counted from the end; end 0: to the end), the others whole. */
    private static Operand<TFloat32> slice(Ops tf, Operand<TFloat32> x, int axis, int begin, int end) {
        int[] begins = new int[4];
        int[] ends = new int[4];
        begins[axis] = begin;
        ends[axis] = end;
        long whole = 0b1111 & ~(1L << axis);
        long endMask = end == 0 ? 0b1111 : whole;
        return tf.stridedSlice(x, tf.constant(begins), tf.constant(ends), tf.constant(new int[] {1, 1, 1, 1}),
                StridedSlice.beginMask(whole), StridedSlice.endMask(endMask));
    }
}
