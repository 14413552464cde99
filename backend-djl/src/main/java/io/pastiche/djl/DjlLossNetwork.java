package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggLayer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VGG loss network on the engine, up to the deepest feature the losses read: the input normalisation
 * {@code (x * scale - mean) / std} per channel, then 3x3 convolutions with bias and zero padding 1, each followed
 * by a ReLU, and 2x2 poolings of stride 2 (floor mode). Its weights are uploaded once, without gradients: they
 * are fixed, and gradients flow through them to the image only. Read-only after construction.
 */
final class DjlLossNetwork {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape PAD_ONE = new Shape(1, 1);
    private static final Shape TWO = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final List<VggLayer> layers;
    private final List<NDArray> weights;
    private final List<NDArray> biases;
    private final Pooling pooling;
    /** {@code scale / std} and {@code mean / std} per channel, {@code [1, 3, 1, 1]}. */
    private final NDArray scale;
    private final NDArray shift;

    /**
     * @param features every feature the losses read; the network is built up to the deepest of them
     * @param manager  owns the uploaded weights
     * @throws IllegalArgumentException naming an unknown feature
     */
    DjlLossNetwork(LossNetwork network, Collection<String> features, NDManager manager) {
        this.layers = network.spec().layersUpTo(List.copyOf(features));
        this.pooling = network.pooling();
        List<NDArray> w = new ArrayList<>();
        List<NDArray> b = new ArrayList<>();
        int conv = 0;
        for (VggLayer layer : layers) {
            if (layer.isConvolution()) {
                w.add(manager.create(network.weight(conv), new Shape(layer.weightShape())));
                b.add(manager.create(network.bias(conv)));
                conv++;
            }
        }
        this.weights = List.copyOf(w);
        this.biases = List.copyOf(b);
        InputNormalization norm = network.normalization();
        float[] scales = new float[3];
        float[] shifts = new float[3];
        for (int c = 0; c < 3; c++) {
            scales[c] = (float) (norm.scale() / norm.std()[c]);
            shifts[c] = (float) (norm.mean()[c] / norm.std()[c]);
        }
        this.scale = manager.create(scales, new Shape(1, 3, 1, 1));
        this.shift = manager.create(shifts, new Shape(1, 3, 1, 1));
    }

    /**
     * @param images NCHW RGB in [0, 1]; not closed
     * @param names  the features wanted, each one of those the network was built for
     * @return the named ReLU outputs, attached to {@code images}' manager; the other intermediate handles are
     *         freed on the way (autograd keeps what its backward pass needs)
     */
    Map<String, NDArray> features(NDArray images, Collection<String> names) {
        Map<String, NDArray> found = new HashMap<>();
        NDArray x = images.mul(scale).subi(shift);
        boolean kept = false; // whether x is one of the features returned
        int conv = 0;
        for (VggLayer layer : layers) {
            if (found.size() == names.size()) {
                break; // no further than the deepest feature asked for
            }
            NDArray next;
            if (layer.isConvolution()) {
                try (NDArray pre = Conv2d.conv2d(x, weights.get(conv), biases.get(conv), ONE, PAD_ONE, ONE, 1)
                        .singletonOrThrow()) {
                    next = Activation.relu(pre);
                }
                conv++;
            } else if (pooling == Pooling.MAX) {
                next = Pool.maxPool2d(x, TWO, TWO, NO_PADDING, false);
            } else {
                next = Pool.avgPool2d(x, TWO, TWO, NO_PADDING, false, true);
            }
            if (!kept) {
                x.close();
            }
            kept = layer.isConvolution() && names.contains(layer.reluName());
            if (kept) {
                found.put(layer.reluName(), next);
            }
            x = next;
        }
        if (!kept) {
            x.close();
        }
        if (found.size() != names.size()) {
            throw new IllegalArgumentException("features " + names + " asked for, the loss network was built for "
                    + "layers up to " + layers.get(layers.size() - 1).name());
        }
        return found;
    }
}
