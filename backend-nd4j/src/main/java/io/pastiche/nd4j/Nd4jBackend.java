package io.pastiche.nd4j;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.OpenHandles;
import io.pastiche.spi.TrainingGraph;
import java.util.List;

/**
 * The opened ND4J backend. ND4J itself is per JVM; this object tracks the networks and training graphs it made,
 * and closing it closes those still open.
 */
final class Nd4jBackend implements Backend {

    private final OpenHandles handles = new OpenHandles("ND4J backend");

    @Override
    public String name() {
        return Nd4jBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        handles.checkOpen();
        return handles.add(new Nd4jNetwork(spec, weights, handles::remove));
    }

    @Override
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        handles.checkOpen();
        return handles.add(new Nd4jTrainingGraph(spec, lossNetwork, loss, handles::remove));
    }

    @Override
    public void close() {
        handles.closeAll();
    }

    @Override
    public String toString() {
        return "Nd4jBackend[ND4J 1.0.0-M2.1, CPU]";
    }
}
