package io.pastiche.spi;

import io.pastiche.plan.LayerRange;
import io.pastiche.plan.StyleBatch;
import io.pastiche.tensor.Tensor;

/**
 * A network compiled by an {@link Engine}, with its convolution weights; the batch's gamma/beta come with each
 * call. Core's {@link CompiledNetwork} checks every call's arguments before it arrives here and never closes this
 * under a running call.
 */
public interface EngineNetwork extends AutoCloseable {

    /**
     * Runs a range of the network's layers.
     *
     * @param range  the layers, checked against the network; {@code plan.all()} for the whole network, which an
     *               engine that compiles graphs should run as one program
     * @param input  NCHW, the range's input channels, every side at least the range's minimum
     * @param styles the batch's gamma/beta, one row per image
     * @return the range's output, NCHW (for the whole network: not cropped back to the input's size)
     */
    Tensor run(LayerRange range, Tensor input, StyleBatch styles);

    /** Frees the engine's memory for this network. Core calls it once, when no call is running. */
    @Override
    void close();
}
