package io.pastiche.tensorflow;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * Nearest-neighbour upsampling x2, reflect padding by 1 and a 3x3 convolution, computed at the input's resolution
 * with 2.25 times fewer multiplications, and the same result ({@link io.pastiche.plan.ConvForm#UPSAMPLE_PHASES}).
 *
 * <p>Each output pixel {@code (2i + a, 2j + b)} sees only input pixels of rows {@code i - 1 + a .. i + a} and
 * columns {@code j - 1 + b .. j + b}, since the upsampled image repeats each of them twice: the 3x3 kernel
 * collapses to one 2x2 kernel per phase {@code (a, b)} (along each axis, phase 0 takes {@code [w0, w1 + w2]},
 * phase 1 {@code [w0 + w1, w2]}). Reflect padding of the upsampled image by 1 is, at the input's resolution,
 * repetition of the edge pixel ({@code SYMMETRIC} padding by 1). So: one 2x2 convolution of the edge-padded input
 * to the four phases' channels, then {@code DepthToSpace} interleaves them. Phase {@code (a, b)} is wanted at
 * {@code (2i + a, 2j + b)} from the convolution's pixel {@code (i + a, j + b)}: with the phases' channels in reverse
 * order, {@code DepthToSpace} puts that pixel at {@code (2i + 1 + a, 2j + 1 + b)}, so one crop by 1 gives all four
 * (instead of cutting each phase at its offset and concatenating them: two copies of the output fewer). The
 * kernels are built in the graph from the layer's 3x3 weight, so gradients reach that weight unchanged; with
 * constant weights TensorFlow folds them once.
 */
final class UpsampleConvolution {

    private UpsampleConvolution() {
    }

    /**
     * @param x      NHWC, not upsampled, not padded
     * @param weight HWIO {@code [3, 3, I, O]}
     * @return NHWC at twice the resolution, without normalisation
     */
    static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weight) {
        Operand<TFloat32> rows0 = phase(tf, weight, 0, 0);
        Operand<TFloat32> rows1 = phase(tf, weight, 0, 1);
        // Phases in reverse order, (1, 1) first: see the class comment.
        Operand<TFloat32> kernels = tf.concat(List.of(phase(tf, rows1, 1, 1), phase(tf, rows1, 1, 0),
                phase(tf, rows0, 1, 1), phase(tf, rows0, 1, 0)), tf.constant(3));
        Operand<TFloat32> padded = MirrorPad.symmetric(tf, x, 1);
        Operand<TFloat32> all = tf.nn.conv2d(padded, kernels, List.of(1L, 1L, 1L, 1L), "VALID");
        Operand<TFloat32> interleaved = tf.nn.depthToSpace(all, 2L);
        // Without its first and last row and column; begin and end masks keep the batch and channels whole.
        return tf.stridedSlice(interleaved, tf.constant(new int[] {0, 1, 1, 0}), tf.constant(new int[] {0, -1, -1, 0}),
                tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(0b1001L), StridedSlice.endMask(0b1001L));
    }

    /**
     * Collapses a kernel of 3 taps along {@code axis} (0 rows, 1 columns) to the 2 taps of one phase.
     *
     * @param phase 0: {@code [w0, w1 + w2]}; 1: {@code [w0 + w1, w2]}
     */
    private static Operand<TFloat32> phase(Ops tf, Operand<TFloat32> kernel, int axis, int phase) {
        Operand<TFloat32> first = tap(tf, kernel, axis, 0);
        Operand<TFloat32> middle = tap(tf, kernel, axis, 1);
        Operand<TFloat32> last = tap(tf, kernel, axis, 2);
        return phase == 0
                ? tf.concat(List.of(first, tf.math.add(middle, last)), tf.constant(axis))
                : tf.concat(List.of(tf.math.add(first, middle), last), tf.constant(axis));
    }

    private static Operand<TFloat32> tap(Ops tf, Operand<TFloat32> kernel, int axis, int index) {
        int[] begin = {0, 0, 0, 0};
        int[] size = {-1, -1, -1, -1};
        begin[axis] = index;
        size[axis] = 1;
        return tf.slice(kernel, tf.constant(begin), tf.constant(size));
    }
}
