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

/**
 * A network's convolution weights uploaded once to PyTorch; any range of its layers runs eagerly through
 * {@link DjlLayers}. Thread-safe: each call works in its own child NDManager, closed before it returns, so its
 * native memory is freed whatever happens; core never closes this under a running call.
 */
final class DjlNetwork implements EngineNetwork {

    private final NetworkPlan plan;
    private final List<NDArray> weights;
    private final NDManager manager;
    /** On the CPU: weights and maps channels-last in memory, where oneDNN convolves them without reordering. */
    private final boolean channelsLast;

    /**
     * @param manager owns the weights, closed with the network
     * @param weights one OIHW float32 array per layer, as the SPI gives them
     */
    DjlNetwork(NetworkPlan plan, List<float[]> weights, NDManager manager) {
        this.plan = plan;
        this.manager = manager;
        this.channelsLast = !manager.getDevice().isGpu();
        this.weights = DjlLayers.upload(manager, plan, weights, false, channelsLast);
    }

    @Override
    public Tensor run(LayerRange range, Tensor input, StyleBatch styles) {
        // Inference only: no autograd graph. No array here requires a gradient, so none would be recorded anyway;
        // turning grad mode off (a per-thread PyTorch setting, restored after) makes that explicit and cheap.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager call = manager.newSubManager()) {
            NDArray in = channelsLast ? ChannelsLast.upload(call, input)
                    : call.create(input.data(), new Shape(input.shape()));
            NDArray x = DjlLayers.walk(plan, range, in, weights, CinArrays.upload(call, styles, false), channelsLast);
            if (channelsLast) {
                return ChannelsLast.read(x);
            }
            long[] shape = x.getShape().getShape();
            return new Tensor(x.toFloatArray(), input.batch(), Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                    Math.toIntExact(shape[3]));
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** On the CPU, the tile's input written into the array it uploads and its output read from the result's memory. */
    @Override
    public void run(LayerRange range, ChannelsLastTile tile, StyleBatch styles) {
        if (!channelsLast) {
            EngineNetwork.super.run(range, tile, styles);
            return;
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager call = manager.newSubManager()) {
            NDArray x = DjlLayers.walk(plan, range, ChannelsLast.upload(call, tile), weights,
                    CinArrays.upload(call, styles, false), true);
            Shape shape = x.getShape();
            tile.read(ChannelsLast.memory(ChannelsLast.of(x)).asReadOnlyBuffer(), Math.toIntExact(shape.get(2)),
                    Math.toIntExact(shape.get(3)));
        } finally {
            JniUtils.setGradMode(gradMode);
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
        manager.close();
    }
}
