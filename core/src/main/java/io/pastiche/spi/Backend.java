package io.pastiche.spi;

import io.pastiche.network.NetworkSpec;
import java.util.List;

/**
 * An opened engine. Closing it releases what {@link BackendProvider#open()} acquired; networks compiled by it
 * must be closed first.
 */
public interface Backend extends AutoCloseable {

    /** The provider's name. */
    String name();

    /**
     * Builds the engine's graph for a network and its convolution weights. The weights are not retained by
     * reference: the caller may reuse the arrays.
     *
     * @param spec    the network
     * @param weights one array per {@link NetworkSpec#convolutions() convolution}, OIHW, row-major float32
     * @return a handle safe to use from many threads at once
     */
    CompiledNetwork compile(NetworkSpec spec, List<float[]> weights);

    @Override
    void close();
}
