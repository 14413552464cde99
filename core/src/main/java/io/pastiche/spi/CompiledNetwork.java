package io.pastiche.spi;

import io.pastiche.norm.StyleEmbedding;
import java.util.List;

/**
 * A network built by an engine, with its convolution weights; the style's gamma/beta come with each call.
 * Implementations are safe to call from many threads at once.
 */
public interface CompiledNetwork extends AutoCloseable {

    /**
     * Runs the network.
     *
     * @param input  RGB in [0, 1], NCHW; every side at least the spec's
     *               {@link io.pastiche.network.NetworkSpec#minimumInputSize() minimum}
     * @param styles one embedding per image of the batch (images may have different styles)
     * @return the network's output, NCHW, of side {@link io.pastiche.network.NetworkSpec#outputSize(int)}
     *         (not cropped back to the input size; the caller crops the top-left corner)
     */
    Tensor forward(Tensor input, List<StyleEmbedding> styles);

    @Override
    void close();
}
