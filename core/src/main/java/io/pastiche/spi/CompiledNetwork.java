package io.pastiche.spi;

import io.pastiche.norm.StyleEmbedding;
import java.util.List;

/**
 * A network built by an engine, with its convolution weights; the style's gamma/beta come with each call.
 * Implementations are safe to call from many threads at once, and {@link #close()} waits for the calls in flight
 * (see {@link CloseGuard}).
 */
public interface CompiledNetwork extends AutoCloseable {

    /**
     * Runs the network.
     *
     * @param input  RGB in [0, 1], NCHW; every side at least the spec's
     *               {@link io.pastiche.network.NetworkSpec#minimumInputSize() minimum}
     * @param styles one embedding per image of the batch (images may have different styles)
     * @return the network's output, NCHW, of side {@link io.pastiche.network.NetworkSpec#outputSize(int)} (not
     *         cropped back to the input size; the caller crops the top-left corner); RGB in [0, 1] where the last
     *         layer ends in a sigmoid, as in {@link io.pastiche.network.NetworkSpec#standard(double)}
     * @throws IllegalArgumentException      if the input or the styles do not fit the network
     *                                       ({@link Arguments#checkInput})
     * @throws IllegalStateException         if this network or its backend is closed
     * @throws io.pastiche.PasticheException if the engine fails during the call: a
     *                                       {@link io.pastiche.NativeMemoryException} when it runs out of memory,
     *                                       else a {@link io.pastiche.BackendException} ({@link EngineFailures})
     */
    Tensor forward(Tensor input, List<StyleEmbedding> styles);

    /** Waits for the calls in flight, then frees the engine's memory. A second call does nothing. */
    @Override
    void close();
}
