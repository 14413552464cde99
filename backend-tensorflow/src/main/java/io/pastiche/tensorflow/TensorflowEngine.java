package io.pastiche.tensorflow;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.OpenHandles;
import io.pastiche.spi.TrainingGraph;
import java.util.List;

/**
 * The opened TensorFlow backend. Each compiled network and training graph owns its own TensorFlow graph and
 * session; closing the backend closes those still open. Thread-safe.
 */
final class TensorflowEngine implements Backend {

    private final TensorflowRuntime runtime;
    /** Compiled networks and training graphs still open. */
    private final OpenHandles handles = new OpenHandles("TensorFlow backend");

    TensorflowEngine(TensorflowRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return TensorflowBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        handles.checkOpen();
        return handles.add(new TensorflowNetwork(spec, weights, runtime, handles::remove));
    }

    /**
     * The training graph of {@link TensorflowTraining}: the loss network's weights become constants of it, up to the
     * deepest feature the loss reads.
     */
    @Override
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        handles.checkOpen();
        return handles.add(new TensorflowTraining(spec, lossNetwork, loss, runtime, handles::remove));
    }

    @Override
    public void close() {
        handles.closeAll();
    }

    @Override
    public String toString() {
        return "TensorflowEngine[TensorFlow " + runtime.version() + ", TensorFlow Java " + TensorflowRuntime.VERSION
                + "]";
    }
}
