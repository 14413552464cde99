package io.pastiche.nd4j;

import io.pastiche.network.ConvLayer;
import io.pastiche.plan.ConvForm;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How inference computes one layer's upsampling, reflect padding and convolution from the layer's input, in the
 * layer's {@link ConvForm} (which core chooses): each form gives the same function. Training always convolves
 * directly ({@link Conv}), since its backward pass is written for that form.
 */
interface InferenceConv {

    /**
     * @param x       the layer's input, in {@code layout}, neither upsampled nor padded
     * @param scratch registers temporaries, made in the current (layer) workspace
     * @param output  gives the array the result is written into
     * @param layout  the axis order of {@code x} and of the result
     * @return the convolution's output before normalisation: the array {@code output} gave
     */
    INDArray forward(INDArray x, Arena scratch, Output output, Layout layout);

    /** Where a layer's output goes: a view of the call's {@link FeatureMaps}, or a new array. */
    @FunctionalInterface
    interface Output {
        /** A contiguous float array of {@code shape}. */
        INDArray take(long... shape);
    }

    /** {@code layer} in {@code form}, its weights {@code hwio}; what it makes is registered in arena. */
    static InferenceConv of(ConvLayer layer, ConvForm form, INDArray hwio, Arena arena) {
        return switch (form) {
            case UPSAMPLE_PHASES -> UpsampleConv.of(hwio, arena);
            case ROW_SPLIT -> SplitConv.of(layer, hwio, arena);
            case DIRECT -> new DirectConv(layer, hwio);
        };
    }

    /** Upsampling and reflect padding as copies ({@link PadAndResize}), then one {@link Conv}. */
    record DirectConv(ConvLayer layer, INDArray hwio) implements InferenceConv {

        @Override
        public INDArray forward(INDArray x, Arena scratch, Output output, Layout layout) {
            INDArray padded = PadAndResize.forward(x, layer.upsample(), layer.padding(), scratch, layout);
            return Conv.forwardInto(padded, hwio, layer.stride(), output.take(Conv.validShape(padded, hwio,
                    layer.stride(), layout)), layout);
        }
    }
}
