package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Nearest-neighbour upsampling of an NCHW map by an integer factor: PyTorch's {@code interpolate} in
 * {@code nearest} mode, which for an integer factor {@code f} copies input pixel {@code (y / f, x / f)} to
 * output pixel {@code (y, x)}, as the network's definition does. Differentiable. Only layers that
 * {@link UpsampleConvolution} does not compute at the input's resolution use it.
 */
final class NearestUpsample {

    /** DJL's code for {@code nearest} in {@code JniUtils.interpolate}. */
    private static final int NEAREST = 0;

    private NearestUpsample() {
    }

    /**
     * @param x      NCHW
     * @param factor 1 for none
     * @return NCHW of {@code factor} times the side, attached to {@code x}'s manager; {@code x} for factor 1
     */
    static NDArray apply(NDArray x, int factor) {
        if (factor == 1) {
            return x;
        }
        long[] shape = x.getShape().getShape();
        return JniUtils.interpolate((PtNDArray) x, new long[] {shape[2] * factor, shape[3] * factor}, NEAREST,
                false);
    }
}
