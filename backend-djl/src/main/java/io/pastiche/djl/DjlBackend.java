package io.pastiche.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.OpenHandles;
import io.pastiche.spi.TrainingGraph;
import java.util.List;
import java.util.function.Function;

/**
 * The opened DJL backend: a root NDManager on the device asked for (PyTorch's default for AUTO). Every compiled network and
 * training graph owns a child of it; closing the backend closes those still open, then the root.
 */
final class DjlBackend implements Backend {

    private final NDManager root;
    /** Compiled networks and training graphs still open. */
    private final OpenHandles handles = new OpenHandles("DJL backend");

    DjlBackend(Engine engine, ai.djl.Device device) {
        this.root = engine.newBaseManager(device);
    }

    @Override
    public String name() {
        return DjlBackendProvider.NAME;
    }

    @Override
    public CompiledNetwork compile(NetworkSpec spec, List<float[]> weights) {
        return withOwnManager(manager -> new DjlNetwork(spec, weights, manager, handles::remove));
    }

    /**
     * The training graph of {@link DjlTrainingGraph}: the loss network's weights are uploaded now, up to the
     * deepest feature the loss reads.
     */
    @Override
    public TrainingGraph compileTraining(NetworkSpec spec, LossNetwork lossNetwork, LossSpec loss) {
        return withOwnManager(manager -> new DjlTrainingGraph(spec, lossNetwork, loss, manager, handles::remove));
    }

    /** A network or graph made on a child manager of its own, closed if making it fails; kept until it closes. */
    private <T extends AutoCloseable> T withOwnManager(Function<NDManager, T> make) {
        handles.checkOpen();
        NDManager manager = root.newSubManager();
        try {
            return handles.add(make.apply(manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (handles.closeAll()) {
            root.close();
        }
    }

    @Override
    public String toString() {
        return "DjlBackend[PyTorch " + Engine.getEngine(PyTorch.ENGINE_NAME).getVersion() + ", "
                + root.getDevice() + "]";
    }
}
