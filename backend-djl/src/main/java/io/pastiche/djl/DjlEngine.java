package io.pastiche.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.spi.Engine;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The started PyTorch engine: a root NDManager on the device asked for (PyTorch's default for AUTO). Every network
 * and training computation owns a child of it, so closing the engine frees whatever core left open.
 */
final class DjlEngine implements Engine {

    /** Values of a tile whose arrays each stay within glibc's largest reused block (32 MiB of floats: 8 M). */
    static final long MOST_CPU_TILE_VALUES = 1L << 23;

    private final NDManager root;
    private final ConvStrips strips;

    /**
     * @param strips which layers CPU inference convolves in strips
     */
    DjlEngine(ai.djl.engine.Engine engine, ai.djl.Device device, ConvStrips strips) {
        this.root = engine.newBaseManager(device);
        this.strips = strips;
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
        return withOwnManager(manager -> new DjlNetwork(plan, weights, manager, strips));
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

    /**
     * On the CPU, tiles of at most {@value #MOST_CPU_TILE_VALUES} values: PyTorch's CPU allocator takes each array
     * from glibc's malloc, which maps every block above 32 MiB fresh from the system and gives it back when freed, so
     * larger tiles paid a page fault and the zeroing of each page of their arrays on every call; arrays below that
     * are reused (docs/backend-djl.md: 8 % faster at 8192 x 8192, half the time in the kernel).
     */
    @Override
    public OptionalLong mostTileValues() {
        return root.getDevice().isGpu() ? OptionalLong.empty() : OptionalLong.of(MOST_CPU_TILE_VALUES);
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
