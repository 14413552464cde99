package io.pastiche.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
 * The opened DJL backend: a root NDManager on PyTorch's CPU (or default) device. Every compiled network and
 * training graph owns a child of it; closing the backend closes those still open, then the root.
 */
final class DjlBackend implements Backend {

    private final NDManager root;
    /** Compiled networks and training graphs still open. */
    private final Set<AutoCloseable> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    DjlBackend(Engine engine) {
        this.root = engine.newBaseManager();
    }

    @Override
    public String name() {
        return DjlBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        NDManager manager = childManager();
        DjlNetwork network;
        try {
            network = new DjlNetwork(spec, weights, manager, handles::remove);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        handles.add(network);
        return network;
    }

    /**
     * The training graph of {@link DjlTrainingGraph}: the loss network's weights are uploaded now, up to the
     * deepest feature the loss reads.
     */
    @Override
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        NDManager manager = childManager();
        DjlTrainingGraph graph;
        try {
            graph = new DjlTrainingGraph(spec, lossNetwork, loss, manager, handles::remove);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        handles.add(graph);
        return graph;
    }

    private NDManager childManager() {
        if (closed) {
            throw new IllegalStateException("this DJL backend is closed");
        }
        return root.newSubManager();
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
        root.close();
    }

    @Override
    public String toString() {
        return "DjlBackend[PyTorch " + Engine.getEngine(PyTorch.ENGINE_NAME).getVersion() + ", "
                + root.getDevice() + "]";
    }
}
