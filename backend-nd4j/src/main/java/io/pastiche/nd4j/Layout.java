package io.pastiche.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The axis order of a feature map. The SPI's maps and training are NCHW; inference on the CPU runs channels-last,
 * where libnd4j's oneDNN convolutions are about twice as fast: in NCHW every call reorders its input and output
 * to and from oneDNN's blocked layout (a 3x3 128 -> 128 convolution at 256 x 256 took 112-124 ms NCHW and 57-67
 * ms NHWC; the 9x9 3 -> 32 at 1024 x 1024 223-244 and 99-105 ms; docs/backend-nd4j.md).
 */
enum Layout {
    /** {@code [B, C, H, W]}. */
    NCHW(0, 2, 1),
    /** {@code [B, H, W, C]}. */
    NHWC(1, 1, 3);

    /** libnd4j's {@code conv2d} data-format argument. */
    final int convFormat;
    /** The height axis; the width axis follows it. */
    final int heightAxis;
    /** The channel axis. */
    final int channelAxis;

    Layout(int convFormat, int heightAxis, int channelAxis) {
        this.convFormat = convFormat;
        this.heightAxis = heightAxis;
        this.channelAxis = channelAxis;
    }

    /** The shape of a map of {@code batch} images, {@code channels} channels, {@code height} x {@code width}. */
    long[] shape(long batch, long channels, long height, long width) {
        return this == NCHW ? new long[] {batch, channels, height, width} : new long[] {batch, height, width, channels};
    }

    long height(INDArray x) {
        return x.size(heightAxis);
    }

    long width(INDArray x) {
        return x.size(heightAxis + 1);
    }

    long channels(INDArray x) {
        return x.size(channelAxis);
    }
}
