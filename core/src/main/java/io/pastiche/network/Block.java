package io.pastiche.network;

import java.util.List;

/** One step of the network: a single convolution, or a residual block of two. */
public sealed interface Block permits ConvLayer, ResidualBlock {

    /**
     * The convolutions of this block, in the order they run.
     *
     * @return one convolution, or a residual block's two
     */
    List<ConvLayer> convolutions();
}
