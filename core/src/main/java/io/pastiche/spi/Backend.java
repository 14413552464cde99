package io.pastiche.spi;

import io.pastiche.BackendException;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.NetworkPlan;

import java.util.List;
import java.util.OptionalLong;

/**
 * An opened backend: its engine, and what was compiled on it. Closing it closes the compiled networks and training
 * graphs still open, then the engine; after that their calls and {@link #compile} throw
 * {@link IllegalStateException}. Thread-safe.
 */
public final class Backend implements AutoCloseable {

    private final String name;
    private final Engine engine;
    private final OpenHandles handles;

    Backend(String name, Engine engine) {
        this.name = name;
        this.engine = engine;
        this.handles = new OpenHandles(name + " backend");
    }

    /**
     * The provider's name.
     *
     * @return the {@link BackendProvider#name() name} of the provider that opened this backend
     */
    public String name() {
        return name;
    }

    /**
     * The native memory the engine still lets this process take, where it enforces a limit of its own
     * ({@link Engine#memoryLeft()}).
     *
     * @return bytes; empty if the engine has no limit of its own
     */
    public OptionalLong memoryLeft() {
        return engine.memoryLeft();
    }

    /**
     * The most values one engine call of a tiled run should hold on this engine ({@link Engine#mostTileValues()}).
     *
     * @return values; empty for core's plan
     */
    public OptionalLong mostTileValues() {
        return engine.mostTileValues();
    }

    /**
     * Builds the engine's program for a network and its convolution weights. The weights are not retained by
     * reference: the caller may reuse the arrays.
     *
     * @param spec    the network
     * @param weights one array per {@link NetworkSpec#convolutions() convolution}, OIHW, row-major float32
     * @return a handle safe to use from many threads at once
     * @throws IllegalArgumentException if the weights do not fit the network, naming the layer
     * @throws IllegalStateException    if this backend is closed
     */
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        handles.checkOpen();
        Arguments.checkWeights(spec, weights);
        NetworkPlan plan = NetworkPlan.of(spec);
        EngineNetwork network = engine.compile(plan, weights);
        return handles.add(new CompiledNetwork(name, plan, network, engine, handles::remove));
    }

    /**
     * Builds the training computation for a network, a loss network and the losses.
     *
     * @param spec        the style network
     * @param lossNetwork the loss network with its weights
     * @param loss        the loss layers and weights
     * @return the training graph, for one thread at a time
     * @throws BackendException      if this backend cannot train
     * @throws IllegalStateException if this backend is closed
     */
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        handles.checkOpen();
        NetworkPlan plan = NetworkPlan.of(spec);
        EngineTraining training;
        try {
            training = engine.compileTraining(plan, lossNetwork, loss);
        } catch (UnsupportedOperationException e) {
            throw new BackendException("the " + name + " backend cannot train; use one that can (see docs/spi.md)",
                    e);
        }
        return handles.add(new TrainingGraph(name, plan, lossNetwork, loss, training, engine, handles::remove));
    }

    /** Closes what this backend compiled that is still open, then the engine. A second call does nothing. */
    @Override
    public void close() {
        if (handles.closeAll()) {
            engine.close();
        }
    }

    @Override
    public String toString() {
        return name + " backend (" + engine + ")";
    }
}
