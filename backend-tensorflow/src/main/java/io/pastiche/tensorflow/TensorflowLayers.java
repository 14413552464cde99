package io.pastiche.tensorflow;

import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The style network as TensorFlow operations, NHWC, built by walking {@link NetworkSpec#blocks()}: per
 * convolution, nearest-neighbour upsampling x2 (if the layer asks), reflect padding by {@code kernel / 2}, a VALID
 * convolution without bias ({@link Convolution}; the three together by {@link UpsampleConvolution} for the 3x3
 * layers that upsample), conditional instance normalisation with the batch's gamma/beta
 * ({@link InstanceNorm}), the activation; a residual block adds its input after its second convolution. Inference
 * and training build the same operations; only where the weights come from differs (constants, or inputs fed per
 * call).
 */
final class TensorflowLayers {

    private TensorflowLayers() {
    }

    /**
     * @param images  NHWC, RGB in [0, 1]
     * @param weights per convolution, HWIO
     * @param cin     the batch's gamma and beta
     * @param single  build for batches of exactly one image (a cheaper normalisation, see {@link InstanceNorm})
     * @return the network's output, NHWC, not cropped
     */
    static Operand<TFloat32> apply(Ops tf, NetworkSpec spec, Operand<TFloat32> images,
                                   List<? extends Operand<TFloat32>> weights, CinInputs cin, boolean single) {
        Operand<TFloat32> x = images;
        int index = 0;
        for (Block block : spec.blocks()) {
            if (block instanceof ResidualBlock residual) {
                Operand<TFloat32> h = layer(tf, residual.first(), x, weights.get(index), cin, index, single);
                h = layer(tf, residual.second(), h, weights.get(index + 1), cin, index + 1, single);
                x = tf.math.add(x, h);
                index += 2;
            } else {
                ConvLayer conv = (ConvLayer) block;
                x = layer(tf, conv, x, weights.get(index), cin, index, single);
                index += 1;
            }
        }
        return x;
    }

    private static Operand<TFloat32> layer(Ops tf, ConvLayer conv, Operand<TFloat32> x, Operand<TFloat32> weight,
                                           CinInputs cin, int index, boolean single) {
        Ops scope = tf.withSubScope(conv.name().replace('/', '_'));
        Operand<TFloat32> y = UpsampleConvolution.handles(conv) ? UpsampleConvolution.apply(scope, conv, x, weight)
                : convolution(scope, conv, x, weight);
        Operand<TFloat32> gamma = cin.gamma().get(index);
        Operand<TFloat32> beta = cin.beta().get(index);
        y = single ? InstanceNorm.single(scope, y, gamma, beta)
                : InstanceNorm.batched(scope, y, gamma, beta, conv.outChannels());
        return switch (conv.activation()) {
            case RELU -> scope.nn.relu(y);
            case SIGMOID -> scope.math.sigmoid(y);
            case NONE -> y;
        };
    }

    /** Upsampling (if the layer asks), reflect padding and the convolution, as the layer describes them. */
    private static Operand<TFloat32> convolution(Ops tf, ConvLayer conv, Operand<TFloat32> x,
                                                 Operand<TFloat32> weight) {
        Operand<TFloat32> y = x;
        if (conv.upsample() == 2) {
            y = upsample(tf, y);
        }
        int p = conv.padding();
        if (p > 0) {
            y = MirrorPad.reflect(tf, y, p);
        }
        return Convolution.apply(tf, conv, y, weight);
    }

    /**
     * Nearest-neighbour x2: pixel (y, x) of the result is pixel (y / 2, x / 2) of the input, exactly
     * ({@code ResizeNearestNeighbor} without corner alignment or half-pixel centres computes floor(y * in / out)).
     */
    static Operand<TFloat32> upsample(Ops tf, Operand<TFloat32> x) {
        Operand<org.tensorflow.types.TInt32> size = tf.math.mul(
                tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {2})),
                tf.constant(new int[] {2, 2}));
        return tf.image.resizeNearestNeighbor(x, size);
    }
}
