package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Tensor;
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
        List<ConvLayer> layers = spec.convolutions();
        if (weights.size() != layers.size()) {
            throw new IllegalArgumentException("the network has " + layers.size() + " convolutions, got "
                    + weights.size() + " weight arrays");
        }
        for (int i = 0; i < layers.size(); i++) {
            ConvLayer layer = layers.get(i);
            float[] w = weights.get(i);
            if (w == null || w.length != layer.weightCount()) {
                throw new IllegalArgumentException(layer.name() + " needs " + layer.weightCount() + " weights (OIHW "
                        + new Shape(layer.weightShape()) + "), got " + (w == null ? "null" : w.length));
            }
        }
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

    /** Fails before any native work, with a message naming what does not fit. */
    void check(Tensor input, List<StyleEmbedding> styles) {
        List<ConvLayer> layers = spec.convolutions();
        if (input.channels() != layers.get(0).inChannels()) {
            throw new IllegalArgumentException("the network takes " + layers.get(0).inChannels() + " channels, got "
                    + input);
        }
        int minimum = spec.minimumInputSize();
        if (input.height() < minimum || input.width() < minimum) {
            throw new IllegalArgumentException("the network needs a side of at least " + minimum + ", got " + input);
        }
        if (styles.size() != input.batch()) {
            throw new IllegalArgumentException("one style embedding per image is needed: " + input.batch()
                    + " images, " + styles.size() + " embeddings");
        }
        for (int b = 0; b < styles.size(); b++) {
            StyleEmbedding style = styles.get(b);
            if (style.layers() != layers.size()) {
                throw new IllegalArgumentException("style embedding " + b + " has " + style.layers()
                        + " layers, the network " + layers.size());
            }
            for (int i = 0; i < layers.size(); i++) {
                int channels = layers.get(i).outChannels();
                if (style.gamma(i).length != channels) {
                    throw new IllegalArgumentException("style embedding " + b + ", layer " + layers.get(i).name()
                            + ": " + style.gamma(i).length + " values, the layer has " + channels + " channels");
                }
            }
        }
    }
}
