package io.pastiche.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.spi.Engine;
import java.util.List;
import java.util.function.Function;

/**
 * The started PyTorch engine: a root NDManager on the device asked for (PyTorch's default for AUTO). Every network
 * and training computation owns a child of it, so closing the engine frees whatever core left open.
 */
final class DjlEngine implements Engine {

    private final NDManager root;

    DjlEngine(ai.djl.engine.Engine engine, ai.djl.Device device) {
        this.root = engine.newBaseManager(device);
    }

    @Override
    public String engineName() {
        return DjlRuntime.ENGINE_NAME;
    }

    @Override
    public Class<? extends Throwable> failureType() {
        return EngineException.class;
    }

    @Override
    public DjlNetwork compile(NetworkPlan plan, List<float[]> weights) {
        return withOwnManager(manager -> new DjlNetwork(plan, weights, manager));
    }

    /** The loss network's weights are uploaded now, up to the deepest feature the loss reads. */
    @Override
    public DjlTraining compileTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss) {
        return withOwnManager(manager -> new DjlTraining(plan, lossNetwork, loss, manager));
    }

    /** A network or computation made on a child manager of its own, closed if making it fails. */
    private <T> T withOwnManager(Function<NDManager, T> make) {
        NDManager manager = root.newSubManager();
        try {
            return make.apply(manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public void close() {
        root.close();
    }

    @Override
    public String toString() {
        return "DjlEngine[PyTorch " + ai.djl.engine.Engine.getEngine(DjlRuntime.ENGINE_NAME).getVersion() + ", "
                + root.getDevice() + "]";
    }
}
