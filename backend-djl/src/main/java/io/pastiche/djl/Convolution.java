package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.ConvForm;

/**
 * A VALID convolution without bias, NCHW, OIHW weights, in the {@link ConvForm} core chose for the layer: as it
 * is, or in the shape PyTorch's CPU kernels (oneDNN) run faster for few output channels.
 *
 * <p>oneDNN vectorises over output channels, 16 at a time: a convolution to 3 channels with a large kernel, as the
 * network's last 9x9 one to RGB, leaves most of each vector idle and ran at about 20 GFLOP/s on one thread where a
 * 3x3 128 to 128 one runs at 105. It is computed instead as a {@code 1 x k} convolution to {@code k * O} channels
 * (one per kernel row and output channel), whose {@code k} groups of {@code O} channels are then summed, each
 * shifted down by its kernel row: the same products, summed in another order. Measured on one thread for 32 to 3
 * channels, 9x9, at 256 x 256: 18 ms for the {@code 1 x 9} convolution to 27 channels against 48-99 for the 9x9
 * one. The row sums are {@code k - 1} additions of an output-sized map, or, on a channels-last map (CPU
 * inference), one Java pass ({@link ChannelsLast#rowSums}). The weights keep their OIHW layout (the rearranged
 * copy is made per call, from the array given), so gradients with respect to them are unchanged.
 */
final class Convolution {

    private static final Shape NO_PADDING = new Shape(0, 0);
    private static final Shape NO_DILATION = new Shape(1, 1);

    private Convolution() {
    }

    /**
     * The convolution as it is: {@link ConvForm#DIRECT}.
     *
     * @param x      NCHW, already upsampled and padded
     * @param weight OIHW
     * @return NCHW, attached to {@code x}'s manager
     */
    static NDArray direct(ConvLayer layer, NDArray x, NDArray weight) {
        return valid(x, weight, layer.stride());
    }

    /**
     * The convolution split by kernel rows: {@link ConvForm#ROW_SPLIT}, a stride-1 layer without upsampling.
     *
     * @param x            NCHW, already padded
     * @param weight       OIHW {@code [O, I, k, k]}, attached to a manager that may be closed after the call (the
     *                     rearranged copy made from it is attached to the same one)
     * @param channelsLast whether {@code x} is channels-last in memory (CPU inference): the rows are then summed
     *                     in Java ({@link ChannelsLast#rowSums}), not differentiably
     * @return NCHW, attached to {@code x}'s manager
     */
    static NDArray rowSplit(ConvLayer layer, NDArray x, NDArray weight, boolean channelsLast) {
        int k = layer.kernel();
        int out = layer.outChannels();
        NDArray partial = valid(x, rowKernels(layer, weight), 1);
        if (channelsLast) {
            return ChannelsLast.rowSums(partial, k, out);
        }
        long height = partial.getShape().get(2) - (k - 1);
        NDArray sum = rowGroup(partial, 0, out, height);
        boolean recording = JniUtils.isGradMode();
        for (int ky = 1; ky < k; ky++) {
            NDArray group = rowGroup(partial, ky, out, height);
            sum = ky == 1 || recording ? sum.add(group) : sum.addi(group);
        }
        return sum;
    }

    /**
     * A convolution without padding, dilation or bias.
     *
     * @param x      NCHW
     * @param kernel OIHW
     * @return NCHW, attached to {@code x}'s manager
     */
    static NDArray valid(NDArray x, NDArray kernel, int stride) {
        return Conv2d.conv2d(x, kernel, null, new Shape(stride, stride), NO_PADDING, NO_DILATION, 1)
                .singletonOrThrow();
    }

    /**
     * The {@code 1 x k} kernels of {@link #rowSplit}: {@code rows[ky * O + o, i, 0, kx] = weight[o, i, ky, kx]}.
     *
     * @param weight OIHW {@code [O, I, k, k]}
     * @return {@code [k * O, I, 1, k]}, attached to {@code weight}'s manager
     */
    static NDArray rowKernels(ConvLayer layer, NDArray weight) {
        int k = layer.kernel();
        return weight.transpose(2, 0, 1, 3).reshape((long) k * layer.outChannels(), layer.inChannels(), 1, k);
    }

    /** Kernel row {@code ky}'s {@code O} channels, shifted up by {@code ky} rows: a view. */
    private static NDArray rowGroup(NDArray partial, int ky, int out, long height) {
        return partial.get(new NDIndex(":, {}:{}, {}:{}", ky * out, (ky + 1) * out, ky, ky + height));
    }
}
