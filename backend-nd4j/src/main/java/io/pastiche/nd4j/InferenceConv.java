package io.pastiche.nd4j;

import io.pastiche.network.ConvLayer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How inference computes one layer's upsampling, reflect padding and convolution from the layer's input: each form
 * gives the same function, chosen per layer when the network is compiled for the shape it runs fastest on.
 * Training always convolves directly ({@link Conv}), since its backward pass is written for that form.
 */
interface InferenceConv {

    /**
     * @param x       the layer's input, NCHW, neither upsampled nor padded
     * @param scratch registers temporaries, made in the current (layer) workspace
     * @param output  the workspace the result is made in (null: none), borrowed for the last op
     * @return the convolution's output, NCHW, before normalisation
     */
    INDArray forward(INDArray x, Arena scratch, MemoryWorkspace output);

    /** The fastest form for {@code layer}, whose weights are {@code hwio}; what it makes is registered in arena. */
    static InferenceConv of(ConvLayer layer, INDArray hwio, Arena arena) {
        if (UpsampleConv.applies(layer)) {
            return UpsampleConv.of(hwio, arena);
        }
        if (SplitConv.applies(layer)) {
            return SplitConv.of(layer, hwio, arena);
        }
        return new DirectConv(layer, hwio);
    }

    /** Upsampling and reflect padding as copies ({@link PadAndResize}), then one {@link Conv}. */
    record DirectConv(ConvLayer layer, INDArray hwio) implements InferenceConv {

        @Override
        public INDArray forward(INDArray x, Arena scratch, MemoryWorkspace output) {
            INDArray padded = PadAndResize.forward(x, layer.upsample(), layer.padding(), scratch);
            try (MemoryWorkspace borrowed = Workspaces.borrow(output)) {
                return Conv.forward(padded, hwio, null, layer.stride(), 0);
            }
        }
    }
}
