package io.pastiche.nd4j;

import io.pastiche.norm.PerPositionAffine;
import io.pastiche.plan.LayerOps;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.plan.StyleBatch;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers of one inference call, as core's walk calls them: each convolution in its layer's form
 * ({@link InferenceConv}), written into one of the call's {@link FeatureMaps}, then conditional instance
 * normalisation and activation in place, and residual joins added in place, all in the call's {@link Layout}. A
 * layer's temporaries (padded input, partial sums) are made in the layer workspace, which the next layer reuses.
 * One instance per call.
 */
final class Nd4jLayers implements LayerOps<INDArray> {

    private final List<InferenceConv> convs;
    private final StyleBatch styles;
    private final FeatureMaps maps;
    private final Layout layout;

    Nd4jLayers(List<InferenceConv> convs, StyleBatch styles, FeatureMaps maps, Layout layout) {
        this.convs = convs;
        this.styles = styles;
        this.maps = maps;
        this.layout = layout;
    }

    /** The OIHW weights of the SPI as HWIO arrays, registered in {@code arena}. */
    static List<INDArray> upload(NetworkPlan plan, List<float[]> weights, Arena arena) {
        List<INDArray> out = new ArrayList<>(weights.size());
        for (PlannedLayer layer : plan.layers()) {
            try (Arena scratch = new Arena()) {
                INDArray oihw = Arrays4.upload(weights.get(layer.index()), layer.layer().weightShape(), scratch);
                out.add(arena.add(Conv.toHwio(oihw)));
            }
        }
        return out;
    }

    /** Per layer, its convolution in its form, from its HWIO weights; what they make is registered in arena. */
    static List<InferenceConv> inferenceConvs(NetworkPlan plan, List<INDArray> weights, Arena arena) {
        List<InferenceConv> out = new ArrayList<>(weights.size());
        for (PlannedLayer layer : plan.layers()) {
            out.add(InferenceConv.of(layer.layer(), layer.form(), weights.get(layer.index()), arena));
        }
        return out;
    }

    @Override
    public INDArray convolve(PlannedLayer layer, INDArray x) {
        int buffer = maps.next(layer);
        try (MemoryWorkspace temporaries = Workspaces.open(Workspaces.LAYER); Arena scratch = new Arena()) {
            return convs.get(layer.index()).forward(x, scratch, shape -> maps.take(buffer, shape), layout);
        }
    }

    @Override
    public INDArray normalize(PlannedLayer layer, INDArray y) {
        int i = layer.index();
        if (styles.masked()) {
            // normalised and activated in one pass
            return InstanceNorm.perPosition(y, new PerPositionAffine(styles.gamma(i), styles.beta(i), styles.rows(),
                    layer.layer().activation()), styles.weights(i), layout);
        }
        return InstanceNorm.inference(y, styles.gamma(i), styles.beta(i), layer.layer().activation(), layout);
    }

    @Override
    public INDArray join(INDArray blockInput, INDArray blockOutput) {
        maps.joined();
        return blockOutput.addi(blockInput);
    }
}
