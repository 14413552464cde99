package io.pastiche.nd4j;

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
 * The opened ND4J backend. ND4J itself is per JVM; this object tracks the networks and training graphs it made,
 * and closing it closes those still open.
 */
final class Nd4jBackend implements Backend {

    private final Set<AutoCloseable> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public String name() {
        return Nd4jBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        checkOpen();
        Nd4jNetwork network = new Nd4jNetwork(spec, weights, handles::remove);
        handles.add(network);
        return network;
    }

    @Override
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        checkOpen();
        Nd4jTrainingGraph graph = new Nd4jTrainingGraph(spec, lossNetwork, loss, handles::remove);
        handles.add(graph);
        return graph;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this ND4J backend is closed");
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
        return "Nd4jBackend[ND4J 1.0.0-M2.1, CPU]";
    }
}
