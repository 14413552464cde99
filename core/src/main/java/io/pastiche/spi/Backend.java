package io.pastiche.spi;

import io.pastiche.BackendException;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
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

    /**
     * Builds the training computation for a network, a loss network and the losses.
     *
     * @throws io.pastiche.BackendException if this backend cannot train
     */
    default TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        throw new BackendException("the " + name() + " backend cannot train; use one that can (see docs/spi.md)");
    }

    @Override
    void close();
}
