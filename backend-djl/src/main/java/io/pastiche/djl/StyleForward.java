package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.spi.Arguments;
import java.util.ArrayList;
import java.util.List;

/**
 * The walk of a network spec on the engine: its blocks in order, each convolution with its weights and its
 * layer's gamma and beta, a residual block adding its input after its second convolution. Inference and
 * training both run it; whether autograd records it is up to the caller (PyTorch's per-thread grad mode and
 * the arrays that require gradients). Immutable.
 */
final class StyleForward {

    private final NetworkSpec spec;
    private final List<DjlConv> convs;
    private final List<Step> steps;

    /** One block of the spec: indices into {@link #convs}. A residual step has two; a plain one, one. */
    private record Step(int first, boolean residual) {
    }

    StyleForward(NetworkSpec spec) {
        this.spec = spec;
        List<DjlConv> built = new ArrayList<>();
        for (ConvLayer layer : spec.convolutions()) {
            built.add(new DjlConv(layer));
        }
        this.convs = List.copyOf(built);
        List<Step> plan = new ArrayList<>();
        int index = 0;
        for (Block block : spec.blocks()) {
            plan.add(new Step(index, block instanceof ResidualBlock));
            index += block.convolutions().size();
        }
        this.steps = List.copyOf(plan);
    }

    /**
     * @param input   NCHW images; not closed
     * @param weights per convolution, OIHW
     * @param cin     per convolution, the batch's gamma and beta
     * @return the network's output (not cropped), attached to {@code input}'s manager; the intermediate feature
     *         maps' handles are freed on the way
     */
    NDArray apply(NDArray input, List<NDArray> weights, CinArrays cin) {
        NDArray x = input;
        for (Step step : steps) {
            NDArray next;
            if (step.residual()) {
                NDArray h = conv(step.first(), x, weights, cin);
                next = conv(step.first() + 1, h, weights, cin);
                h.close();
                // In place: the second convolution ends in a CIN without activation, whose output no backward
                // function saves, so autograd allows it.
                next.addi(x);
            } else {
                next = conv(step.first(), x, weights, cin);
            }
            if (x != input) {
                x.close();
            }
            x = next;
        }
        return x;
    }

    private NDArray conv(int index, NDArray x, List<NDArray> weights, CinArrays cin) {
        return convs.get(index).apply(x, weights.get(index), cin.gamma().get(index), cin.beta().get(index));
    }

    /**
     * Uploads the convolution weights, checking their number and sizes first.
     *
     * @param weights          one OIHW float32 array per convolution, as the SPI gives them
     * @param requiresGradient attach a gradient to every array (training)
     * @throws IllegalArgumentException naming the layer whose weights do not fit
     */
    List<NDArray> upload(NDManager manager, List<float[]> weights, boolean requiresGradient) {
        Arguments.checkWeights(spec, weights);
        List<ConvLayer> layers = spec.convolutions();
        List<NDArray> uploaded = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            NDArray w = manager.create(weights.get(i), new Shape(layers.get(i).weightShape()));
            if (requiresGradient) {
                w.setRequiresGradient(true);
            }
            uploaded.add(w);
        }
        return List.copyOf(uploaded);
    }
}
