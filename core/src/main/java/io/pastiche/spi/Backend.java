package io.pastiche.spi;

import io.pastiche.BackendException;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.network.NetworkSpec;
import java.util.List;

/**
 * An opened engine. Closing it closes the compiled networks and training graphs it made that are still open, then
 * releases what {@link BackendProvider#open()} acquired; after that their calls and {@link #compile} throw
 * {@link IllegalStateException} (the backends share this through {@link OpenHandles}, and the conformance kit
 * tests it).
 */
public interface Backend extends AutoCloseable {

    /**
     * The provider's name.
     *
     * @return the {@link BackendProvider#name() name} of the provider that opened this backend
     */
    String name();

    /**
     * Builds the engine's graph for a network and its convolution weights. The weights are not retained by
     * reference: the caller may reuse the arrays.
     *
     * @param spec    the network
     * @param weights one array per {@link NetworkSpec#convolutions() convolution}, OIHW, row-major float32
     * @return a handle safe to use from many threads at once
     * @throws IllegalArgumentException if the weights do not fit the network ({@link Arguments#checkWeights})
     * @throws IllegalStateException    if this backend is closed
     */
    CompiledNetwork compile(NetworkSpec spec, List<float[]> weights);

    /**
     * Builds the training computation for a network, a loss network and the losses. The default is for backends
     * that cannot train: it throws.
     *
     * @param spec        the style network
     * @param lossNetwork the loss network with its weights
     * @param loss        the loss layers and weights
     * @return the training graph, for one thread at a time
     * @throws io.pastiche.BackendException if this backend cannot train
     */
    default TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        throw new BackendException("the " + name() + " backend cannot train; use one that can (see docs/spi.md)");
    }

    /** Closes what this backend made that is still open, then the engine. A second call does nothing. */
    @Override
    void close();
}
