package io.pastiche.tensorflow;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.TrainingGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opened TensorFlow backend. Each compiled network and training graph owns its own TensorFlow graph and
 * session; closing the backend closes those still open. Thread-safe.
 */
final class TensorflowBackend implements Backend {

    private final TensorflowRuntime runtime;
    /** Compiled networks and training graphs still open. */
    private final Set<AutoCloseable> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TensorflowBackend(TensorflowRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return TensorflowBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        checkOpen();
        TfNetwork network = new TfNetwork(spec, weights, runtime, handles::remove);
        handles.add(network);
        return network;
    }

    /**
     * The training graph of {@link TfTrainingGraph}: the loss network's weights become constants of it, up to the
     * deepest feature the loss reads.
     */
    @Override
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        checkOpen();
        TfTrainingGraph graph = new TfTrainingGraph(spec, lossNetwork, loss, runtime, handles::remove);
        handles.add(graph);
        return graph;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this TensorFlow backend is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable handle : new ArrayList<>(handles)) {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + handle, e); // neither kind throws
            }
        }
    }

    @Override
    public String toString() {
        return "TensorflowBackend[TensorFlow " + runtime.version() + ", TensorFlow Java " + TensorflowRuntime.VERSION
                + "]";
    }
}
