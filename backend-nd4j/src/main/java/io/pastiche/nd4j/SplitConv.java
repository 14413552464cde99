package io.pastiche.nd4j;

import io.pastiche.network.ConvLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution to few channels with a large kernel ({@link io.pastiche.plan.ConvForm#ROW_SPLIT}), as the
 * network's last 9x9 one to RGB, computed as a
 * {@code 1 x k} convolution to {@code k * O} channels (one per kernel row and output channel), then a {@code k x 1}
 * convolution whose fixed 0/1 kernel sums the rows back into {@code O} channels: the same arithmetic, reordered,
 * as the tensorflow backend does. oneDNN keeps its vector units mostly idle on 3 output channels: the 9x9 32 -> 3
 * convolution at 256 x 256 took 52-63 ms directly here. Inference only; training convolves directly. Layers
 * with upsampling are {@link UpsampleConv}'s.
 *
 * @param layer the layer (its upsampling and padding)
 * @param rows the {@code [1, k, I, k*O]} HWIO kernel of the first convolution
 * @param sum  the {@code [k, 1, k*O, O]} HWIO 0/1 kernel of the second
 */
record SplitConv(ConvLayer layer, INDArray rows, INDArray sum) implements InferenceConv {

    /** @param hwio the layer's {@code [k, k, I, O]} weights */
    static SplitConv of(ConvLayer layer, INDArray hwio, Arena arena) {
        long k = hwio.size(0);
        long in = hwio.size(2);
        long out = hwio.size(3);
        // rows[0][w][i][h*O + o] = hwio[h][w][i][o]
        INDArray rows = arena.add(hwio.permute(1, 2, 0, 3).dup('c').reshape('c', 1, k, in, k * out));
        float[] ones = new float[Math.toIntExact(k * k * out * out)];
        for (int h = 0; h < k; h++) {
            for (int o = 0; o < out; o++) {
                ones[Math.toIntExact((h * k * out + h * out + o) * out + o)] = 1;
            }
        }
        INDArray sum = arena.add(Nd4j.create(ones, new long[] {k, 1, k * out, out}, 'c'));
        return new SplitConv(layer, rows, sum);
    }

    @Override
    public INDArray forward(INDArray x, Arena scratch, Output output, Layout layout) {
        INDArray padded = PadAndResize.forward(x, layer.upsample(), layer.padding(), scratch, layout);
        INDArray partial = scratch.add(Conv.forward(padded, rows, null, 1, 0, layout));
        return Conv.forwardInto(partial, sum, 1, output.take(Conv.validShape(partial, sum, 1, layout)), layout);
    }
}
