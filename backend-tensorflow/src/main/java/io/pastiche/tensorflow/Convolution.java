package io.pastiche.tensorflow;

import io.pastiche.network.ConvLayer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * A VALID convolution without bias, NHWC, HWIO weights, in the shape TensorFlow's CPU kernels (oneDNN) run fastest.
 *
 * <p>A convolution to few channels with a large kernel, as the network's last 9x9 one to RGB, keeps oneDNN's
 * vector units mostly idle: it costs as much as one to 16 channels. It is computed instead as a {@code 1 x k}
 * convolution to {@code k * O} channels (one per kernel row and output channel), then the sum of the {@code k} row
 * results, each shifted by its row: the same arithmetic, reordered. Measured for 32 to 3 channels, 9x9, at
 * 256 x 256: 3.4 times faster; for 3x3 and 5x5 to 3 channels 2 times. Core's {@link io.pastiche.plan.ConvForm}
 * decides which layers take it. The rows are summed by {@code k} slices and one {@code AddN}, not by a second,
 * {@code k x 1} convolution with a fixed 0/1 kernel, which oneDNN runs slower (measured on 2 cores, best of 30:
 * 1.8 instead of 2.9 ms at 256 x 256, 8.1 instead of 11 ms at 512 x 512). The weights keep their HWIO layout, so
 * gradients with respect to them are unchanged.
 */
final class Convolution {

    private static final List<Long> STRIDE_1 = List.of(1L, 1L, 1L, 1L);
    private static final List<Long> STRIDE_2 = List.of(1L, 2L, 2L, 1L);

    private Convolution() {
    }

    /**
     * The plain convolution ({@link io.pastiche.plan.ConvForm#DIRECT}).
     *
     * @param x      NHWC, already padded
     * @param weight HWIO {@code [k, k, I, O]}
     */
    static Operand<TFloat32> direct(Ops tf, ConvLayer layer, Operand<TFloat32> x, Operand<TFloat32> weight) {
        return tf.nn.conv2d(x, weight, layer.stride() == 2 ? STRIDE_2 : STRIDE_1, "VALID");
    }

    /**
     * The split convolution ({@link io.pastiche.plan.ConvForm#ROW_SPLIT}), for a layer of stride 1.
     *
     * @param x      NHWC, already padded
     * @param weight HWIO {@code [k, k, I, O]}
     */
    static Operand<TFloat32> rowSplit(Ops tf, ConvLayer layer, Operand<TFloat32> x, Operand<TFloat32> weight) {
        int k = layer.kernel();
        int in = layer.inChannels();
        int out = layer.outChannels();
        // rows[0, kx, i, ky * O + o] = weight[ky, kx, i, o]
        Operand<TFloat32> rows = tf.reshape(tf.linalg.transpose(weight, tf.constant(new int[] {1, 2, 0, 3})),
                tf.constant(new int[] {1, k, in, k * out}));
        Operand<TFloat32> partial = tf.nn.conv2d(x, rows, STRIDE_1, "VALID");
        // output[n, y, x, o] = the sum over ky of partial[n, y + ky, x, ky * O + o]: rows ky to the k - 1 - ky-th
        // from the end (negative end indices, and an end mask for the last row, so the graph computes no shapes).
        List<Operand<TFloat32>> shifted = new ArrayList<>(k);
        for (int ky = 0; ky < k; ky++) {
            int endMask = ky == k - 1 ? 0b0111 : 0b0101;
            shifted.add(tf.stridedSlice(partial, tf.constant(new int[] {0, ky, 0, ky * out}),
                    tf.constant(new int[] {0, ky - (k - 1), 0, (ky + 1) * out}), tf.constant(new int[] {1, 1, 1, 1}),
                    StridedSlice.beginMask(0b0101L), StridedSlice.endMask((long) endMask)));
        }
        return tf.math.addN(shifted);
    }
}
