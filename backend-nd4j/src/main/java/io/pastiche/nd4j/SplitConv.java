package io.pastiche.nd4j;

import io.pastiche.network.ConvLayer;
import io.pastiche.tensor.ChannelsLastRowSums;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A convolution to few channels with a large kernel ({@link io.pastiche.plan.ConvForm#ROW_SPLIT}), as the
 * network's last 9x9 one to RGB, computed as a {@code 1 x k} convolution to {@code k * O} channels (one per kernel
 * row and output channel), then the rows summed back into {@code O} channels: the same arithmetic, reordered, as
 * the tensorflow backend does. oneDNN keeps its vector units mostly idle on 3 output channels: the 9x9 32 -> 3
 * convolution at 256 x 256 took 52-63 ms directly here. Channels-last maps are summed in one Java pass
 * ({@link ChannelsLastRowSums}); NCHW maps by a {@code k x 1} convolution with a fixed 0/1 kernel, which is
 * itself a convolution to {@code O} channels. The first convolution's channels are rounded up to a multiple of 8
 * with zero weights: oneDNN's blocked layouts hold 8 or 16 channels a block, so the rounding costs no arithmetic,
 * and with AVX2 kernels (which reorder every output from the blocked layout) it spares a slow reorder of a
 * partly filled block. Inference only; training convolves directly. Layers with upsampling are
 * {@link UpsampleConv}'s.
 *
 * @param layer the layer (its upsampling and padding)
 * @param rows the {@code [1, k, I, C]} HWIO kernel of the first convolution, {@code C >= k*O}
 * @param sum  the {@code [k, 1, C, O]} HWIO 0/1 kernel of the NCHW path's second
 */
record SplitConv(ConvLayer layer, INDArray rows, INDArray sum) implements InferenceConv {

    /** The blocks of channels oneDNN's CPU layouts hold. */
    private static final long CHANNEL_BLOCK = 8;

    /** @param hwio the layer's {@code [k, k, I, O]} weights */
    static SplitConv of(ConvLayer layer, INDArray hwio, Arena arena) {
        long k = hwio.size(0);
        long in = hwio.size(2);
        long out = hwio.size(3);
        long channels = (k * out + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
        // rows[0][w][i][h*O + o] = hwio[h][w][i][o], zero from k*O on
        INDArray rows = arena.add(Nd4j.zeros(hwio.dataType(), 1, k, in, channels));
        rows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, k * out))
                .assign(hwio.permute(1, 2, 0, 3).dup('c').reshape('c', 1, k, in, k * out));
        float[] ones = new float[Math.toIntExact(k * channels * out)];
        for (int h = 0; h < k; h++) {
            for (int o = 0; o < out; o++) {
                ones[Math.toIntExact((h * channels + h * out + o) * out + o)] = 1;
            }
        }
        INDArray sum = arena.add(Nd4j.create(ones, new long[] {k, 1, channels, out}, 'c'));
        return new SplitConv(layer, rows, sum);
    }

    @Override
    public INDArray forward(INDArray x, Arena scratch, Output output, Layout layout) {
        INDArray padded = PadAndResize.forward(x, layer.upsample(), layer.padding(), scratch, layout);
        INDArray partial = Conv.forwardInto(padded, rows, 1, scratch, layout);
        INDArray result = output.take(Conv.validShape(partial, sum, 1, layout));
        if (layout == Layout.NHWC && Arrays4.isContiguous(partial) && Arrays4.isContiguous(result)) {
            ChannelsLastRowSums.sum(Arrays4.hostFloats(partial), Math.toIntExact(partial.offset()),
                    Math.toIntExact(partial.size(0)), Math.toIntExact(partial.size(1)),
                    Math.toIntExact(partial.size(2)), Math.toIntExact(partial.size(3)), Math.toIntExact(sum.size(0)),
                    Math.toIntExact(sum.size(3)), Arrays4.hostFloats(result), Math.toIntExact(result.offset()));
            return result;
        }
        return Conv.forwardInto(partial, sum, 1, result, layout);
    }
}
