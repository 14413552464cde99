package io.pastiche.tensorflow;

import io.pastiche.network.ConvLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A VALID convolution without bias, NHWC, HWIO weights, in the shape TensorFlow's CPU kernels (oneDNN) run fastest.
 *
 * <p>A convolution to few channels with a large kernel, as the network's last 9x9 one to RGB, keeps oneDNN's
 * vector units mostly idle: it costs as much as one to 16 channels. It is computed instead as a {@code 1 x k}
 * convolution to {@code k * O} channels (one per kernel row and output channel), then a {@code k x 1} convolution
 * whose fixed 0/1 kernel sums the rows back into {@code O} channels: the same arithmetic, reordered. Measured for
 * 32 to 3 channels, 9x9, at 256 x 256: 3.4 times faster; for 3x3 and 5x5 to 3 channels 2 times. The weights keep
 * their HWIO layout, so gradients with respect to them are unchanged.
 */
final class Convolution {

    /** Output channels up to which the split pays (measured: 4 yes, 8 about even, 16 no). */
    static final int SPLIT_MAX_OUT = 4;
    /** Input channels from which it pays (a convolution from RGB is fast as it is). */
    static final int SPLIT_MIN_IN = 8;

    private static final List<Long> STRIDE_1 = List.of(1L, 1L, 1L, 1L);
    private static final List<Long> STRIDE_2 = List.of(1L, 2L, 2L, 1L);

    private Convolution() {
    }

    /** Whether {@link #apply} splits this layer's convolution. */
    static boolean splits(ConvLayer layer) {
        return layer.stride() == 1 && layer.kernel() > 1 && layer.outChannels() <= SPLIT_MAX_OUT
                && layer.inChannels() >= SPLIT_MIN_IN;
    }

    /**
     * @param x      NHWC, already padded
     * @param weight HWIO {@code [k, k, I, O]}
     */
    static Operand<TFloat32> apply(Ops tf, ConvLayer layer, Operand<TFloat32> x, Operand<TFloat32> weight) {
        if (!splits(layer)) {
            return tf.nn.conv2d(x, weight, layer.stride() == 2 ? STRIDE_2 : STRIDE_1, "VALID");
        }
        int k = layer.kernel();
        int in = layer.inChannels();
        int out = layer.outChannels();
        // rows[0, kx, i, ky * O + o] = weight[ky, kx, i, o]
        Operand<TFloat32> rows = tf.reshape(tf.linalg.transpose(weight, tf.constant(new int[] {1, 2, 0, 3})),
                tf.constant(new int[] {1, k, in, k * out}));
        Operand<TFloat32> partial = tf.nn.conv2d(x, rows, STRIDE_1, "VALID");
        return tf.nn.conv2d(partial, rowSum(tf, k, out), STRIDE_1, "VALID");
    }

    /** {@code [k, 1, k * O, O]}: output channel o of kernel row ky takes channel {@code ky * O + o}, weight 1. */
    private static Operand<TFloat32> rowSum(Ops tf, int k, int out) {
        float[] select = new float[k * k * out * out];
        for (int ky = 0; ky < k; ky++) {
            for (int o = 0; o < out; o++) {
                select[(ky * k * out + ky * out + o) * out + o] = 1f;
            }
        }
        return tf.constant(Shape.of(k, 1, (long) k * out, out), DataBuffers.of(select, true, false));
    }
}
