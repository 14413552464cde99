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

    /**
     * Calls the visitor's method for this block's kind. Code that treats block kinds differently goes through
     * here, so that a new kind of block is a new {@link Visitor} method, which the compiler asks of every
     * visitor.
     *
     * @param <R>     what the visitor returns
     * @param visitor one method per block kind
     * @return what the visitor's method returned
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of block.
     *
     * @param <R> what the methods return
     */
    interface Visitor<R> {

        /**
         * A single convolution layer.
         *
         * @param layer the layer
         * @return the visitor's result
         */
        R convolution(ConvLayer layer);

        /**
         * A residual block.
         *
         * @param block the block
         * @return the visitor's result
         */
        R residual(ResidualBlock block);
    }
}
