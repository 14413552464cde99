package io.pastiche.djl;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.ChannelsLastTile;
import io.pastiche.spi.EngineNetwork;
import io.pastiche.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A network's convolution weights uploaded once to PyTorch; any range of its layers runs eagerly through
 * {@link DjlLayers}. Thread-safe: each call works in its own child NDManager, closed before it returns, so its
 * native memory is freed whatever happens; core never closes this under a running call. On the CPU, the memory of
 * a call's large maps ({@link MapPool}) is kept for the next call: one call's worth, which a concurrent call does
 * not share (it makes its own, freed when it ends).
 */
final class DjlNetwork implements EngineNetwork {

    private final NetworkPlan plan;
    private final List<NDArray> weights;
    private final NDManager manager;
    /** On the CPU: weights and maps channels-last in memory, where oneDNN convolves them without reordering. */
    private final boolean channelsLast;
    private final ConvStrips strips;
    /** The large maps' memory between calls, or null while a call has it. */
    private final AtomicReference<MapPool> idlePool = new AtomicReference<>();

    /**
     * @param weights one OIHW float32 array per layer, as the SPI gives them
     * @param manager owns the weights, closed with the network
     * @param strips  which layers CPU inference convolves in strips
     */
    DjlNetwork(NetworkPlan plan, List<float[]> weights, NDManager manager, ConvStrips strips) {
        this.plan = plan;
        this.strips = strips;
        this.manager = manager;
        this.channelsLast = !manager.getDevice().isGpu();
        this.weights = DjlLayers.upload(manager, plan, weights, false, channelsLast);
    }

    @Override
    public Tensor run(LayerRange range, Tensor input, StyleBatch styles) {
        if (channelsLast) {
            return runChannelsLast(range, styles, (pool, call) -> ChannelsLast.upload(pool, call, input),
                    ChannelsLast::read);
        }
        return withoutGradients(() -> {
            try (NDManager call = manager.newSubManager()) {
                NDArray x = DjlLayers.walk(plan, range, call.create(input.data(), new Shape(input.shape())), weights,
                        CinArrays.upload(call, styles, false));
                long[] shape = x.getShape().getShape();
                return new Tensor(x.toFloatArray(), input.batch(), Math.toIntExact(shape[1]),
                        Math.toIntExact(shape[2]), Math.toIntExact(shape[3]));
            }
        });
    }

    /** On the CPU, the tile's input written into the array it uploads and its output read from the result's memory. */
    @Override
    public void run(LayerRange range, ChannelsLastTile tile, StyleBatch styles) {
        if (!channelsLast) {
            EngineNetwork.super.run(range, tile, styles);
            return;
        }
        runChannelsLast(range, styles, (pool, call) -> ChannelsLast.upload(pool, call, tile), x -> {
            Shape shape = x.getShape();
            tile.read(ChannelsLast.memory(ChannelsLast.of(x)).asReadOnlyBuffer(), Math.toIntExact(shape.get(2)),
                    Math.toIntExact(shape.get(3)));
            return null;
        });
    }

    /**
     * Runs a range on channels-last maps (the CPU) in the kept {@link MapPool}.
     *
     * @param upload makes the call's input, in the pool's memory and attached to the call's manager
     * @param read   the call's result from the range's output, before the call's arrays are freed
     */
    private <T> T runChannelsLast(LayerRange range, StyleBatch styles, BiFunction<MapPool, NDManager, NDArray> upload,
                                  Function<NDArray, T> read) {
        return withoutGradients(() -> {
            MapPool pool = borrowPool();
            try (NDManager call = manager.newSubManager()) {
                return read.apply(DjlLayers.walkChannelsLast(plan, range, upload.apply(pool, call), weights,
                        CinArrays.upload(call, styles, false), pool, strips));
            } finally {
                givePool(pool);
            }
        });
    }

    /**
     * Inference only: no autograd graph. No array here requires a gradient, so none would be recorded anyway;
     * turning grad mode off (a per-thread PyTorch setting, restored after) makes that explicit and cheap.
     */
    private static <T> T withoutGradients(Supplier<T> work) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The kept pool, or a new one if another call has it. */
    private MapPool borrowPool() {
        MapPool pool = idlePool.getAndSet(null);
        return pool != null ? pool : new MapPool(manager.newSubManager());
    }

    /** Keeps a call's pool for the next call, unless another call's is kept already. */
    private void givePool(MapPool pool) {
        pool.endCall();
        if (!idlePool.compareAndSet(null, pool)) {
            pool.close();
        }
    }

    /**
     * Arrays the engine holds for this network, its calls included; for tests, which check that only the weights
     * outlive a call. -1 if the manager does not count them.
     */
    int liveArrays() {
        return manager instanceof BaseNDManager counted ? counted.getManagedArrays().size() : -1;
    }

    @Override
    public void close() {
        MapPool pool = idlePool.getAndSet(null);
        if (pool != null) {
            pool.close();
        }
        manager.close();
    }
}
