package io.pastiche.nd4j;

import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.ChannelsLastTile;
import io.pastiche.spi.EngineNetwork;
import io.pastiche.tensor.Tensor;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network plan with its convolution weights uploaded once to ND4J (HWIO), each layer's in the form it is
 * computed in. Thread-safe: the weights are only read, and each call keeps its arrays in its own {@link Arena}
 * and the calling thread's workspaces, freed before it returns whatever happens.
 */
final class Nd4jNetwork implements EngineNetwork {

    private final NetworkPlan plan;
    private final Arena weightsArena = new Arena();
    private final List<InferenceConv> convs;

    Nd4jNetwork(NetworkPlan plan, List<float[]> weights) {
        this.plan = plan;
        try {
            this.convs = Nd4jLayers.inferenceConvs(plan, Nd4jLayers.upload(plan, weights, weightsArena),
                    weightsArena);
        } catch (RuntimeException e) {
            weightsArena.close();
            throw e;
        }
    }

    @Override
    public Tensor run(LayerRange range, Tensor input, StyleBatch styles) {
        // Channels-last on the CPU (see Layout); GPU builds stay NCHW, the layout of the normalisation's device path.
        Layout layout = Nd4j.getEnvironment().isCPU() ? Layout.NHWC : Layout.NCHW;
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL); Arena call = new Arena()) {
            INDArray x = layout == Layout.NHWC ? call.add(ChannelsLast.upload(input)) : Arrays4.upload(input, call);
            FeatureMaps maps = new FeatureMaps(plan, range, input.batch(), input.height(), input.width());
            INDArray y = plan.walk(range, new Nd4jLayers(convs, styles, maps, layout), x);
            return layout == Layout.NHWC ? ChannelsLast.read(y) : Arrays4.readTensor(y);
        }
    }

    /** On the CPU, the tile's input written into the array it runs on and its output read from the result's memory. */
    @Override
    public void run(LayerRange range, ChannelsLastTile tile, StyleBatch styles) {
        if (!Nd4j.getEnvironment().isCPU()) {
            EngineNetwork.super.run(range, tile, styles);
            return;
        }
        try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL); Arena call = new Arena()) {
            INDArray x = call.add(ChannelsLast.upload(tile));
            FeatureMaps maps = new FeatureMaps(plan, range, tile.batch(), tile.height(), tile.width());
            INDArray y = plan.walk(range, new Nd4jLayers(convs, styles, maps, Layout.NHWC), x);
            tile.read(ChannelsLast.memory(y).asReadOnlyBuffer(), Math.toIntExact(y.size(1)),
                    Math.toIntExact(y.size(2)));
        }
    }

    @Override
    public void close() {
        weightsArena.close();
    }
}
