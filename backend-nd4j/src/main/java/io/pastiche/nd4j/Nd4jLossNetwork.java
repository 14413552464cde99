package io.pastiche.nd4j;

import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggLayer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The VGG loss network up to the deepest feature the losses read: the input normalisation
 * {@code (x * scale - mean) / std} per channel, 3x3 convolutions with bias and zero padding 1 each followed by a
 * ReLU, and 2x2 poolings of stride 2 (floor mode); with a backward pass to the image (the VGG weights are fixed).
 * Read-only after construction.
 */
final class Nd4jLossNetwork {

    /** kH, kW, sH, sW, pH, pW, dH, dW, padding mode, divisor (0: padding excluded; there is none), NCHW. */
    private static final int[] POOL_ARGS = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};

    private final List<VggLayer> layers;
    private final List<INDArray> weights;
    private final List<INDArray> biases;
    private final Pooling pooling;
    private final double[] scale = new double[3];
    private final double[] shift = new double[3];

    /**
     * @param features every feature the losses read
     * @param arena    owns the uploaded weights
     */
    Nd4jLossNetwork(LossNetwork network, Collection<String> features, Arena arena) {
        this.layers = network.spec().layersUpTo(List.copyOf(features));
        this.pooling = network.pooling();
        List<INDArray> w = new ArrayList<>();
        List<INDArray> b = new ArrayList<>();
        int conv = 0;
        for (VggLayer layer : layers) {
            if (layer.isConvolution()) {
                try (Arena scratch = new Arena()) {
                    w.add(arena.add(Conv.toHwio(Arrays4.upload(network.weight(conv), layer.weightShape(), scratch))));
                }
                float[] bias = network.bias(conv);
                b.add(Arrays4.upload(bias, new long[] {bias.length}, arena));
                conv++;
            }
        }
        this.weights = List.copyOf(w);
        this.biases = List.copyOf(b);
        InputNormalization norm = network.normalization();
        for (int c = 0; c < 3; c++) {
            scale[c] = norm.scale() / norm.std()[c];
            shift[c] = norm.mean()[c] / norm.std()[c];
        }
    }

    /** The named ReLU outputs, registered in {@code arena}; intermediates are freed on the way. */
    Map<String, INDArray> features(INDArray images, Collection<String> names, Arena arena) {
        Pass pass = new Pass(arena, false);
        pass.run(images, names);
        return pass.found;
    }

    /** Runs the network and keeps what {@link Pass#backward} needs. */
    Pass train(INDArray images, Collection<String> names, Arena arena) {
        Pass pass = new Pass(arena, true);
        pass.run(images, names);
        return pass;
    }

    /** One forward pass; with {@code keep}, its values stay for the backward pass. */
    final class Pass {
        private final Arena arena;
        private final boolean keep;
        private final Map<String, INDArray> found = new HashMap<>();
        /** Per layer run, its input; for convolutions also the output. */
        private final List<INDArray> inputs = new ArrayList<>();
        private final List<INDArray> outputs = new ArrayList<>();

        private Pass(Arena arena, boolean keep) {
            this.arena = arena;
            this.keep = keep;
        }

        Map<String, INDArray> features() {
            return found;
        }

        private void run(INDArray images, Collection<String> names) {
            INDArray x = normalise(images);
            int conv = 0;
            for (VggLayer layer : layers) {
                if (found.size() == names.size()) {
                    break; // no further than the deepest feature asked for
                }
                INDArray next;
                if (layer.isConvolution()) {
                    next = arena.add(Conv.forward(x, weights.get(conv), biases.get(conv), 1, 1));
                    Transforms.relu(next, false);
                    conv++;
                } else {
                    next = arena.add(pool(pooling == Pooling.MAX ? "maxpool2d" : "avgpool2d", x));
                }
                inputs.add(x);
                outputs.add(next);
                boolean wanted = layer.isConvolution() && names.contains(layer.reluName());
                if (wanted) {
                    found.put(layer.reluName(), next);
                }
                if (!keep && !found.containsValue(x)) {
                    arena.free(x);
                }
                x = next;
            }
            if (found.size() != names.size()) {
                throw new IllegalArgumentException("features " + names + " asked for, the loss network was built "
                        + "for layers up to " + layers.get(layers.size() - 1).name());
            }
        }

        /**
         * d/d images, from d/d each feature that the losses read.
         *
         * @param featureGrads by ReLU name, NCHW
         */
        INDArray backward(Map<String, INDArray> featureGrads) {
            INDArray g = null;
            int conv = (int) layers.stream().limit(inputs.size()).filter(VggLayer::isConvolution).count();
            for (int i = inputs.size() - 1; i >= 0; i--) {
                VggLayer layer = layers.get(i);
                if (layer.isConvolution()) {
                    conv--;
                    INDArray featureGrad = featureGrads.get(layer.reluName());
                    if (featureGrad != null) {
                        g = g == null ? featureGrad : arena.add(g.add(featureGrad));
                    }
                    if (g == null) {
                        continue; // nothing of the loss depends on this layer
                    }
                    INDArray dz = arena.add(Transforms.sign(outputs.get(i), true)).muli(g);
                    INDArray[] grads = Conv.backward(inputs.get(i), weights.get(conv), biases.get(conv), dz, 1, 1);
                    for (INDArray a : grads) {
                        arena.add(a);
                    }
                    g = grads[0];
                } else if (g != null) {
                    g = arena.add(poolBackward(pooling == Pooling.MAX ? "maxpool2d_bp" : "avgpool2d_bp",
                            inputs.get(i), g));
                }
            }
            return denormaliseGradient(g);
        }

        private INDArray normalise(INDArray images) {
            INDArray x = arena.add(images.dup('c'));
            INDArray planes = planes(x);
            planes.muliColumnVector(column(scale, x.size(0))).subiColumnVector(column(shift, x.size(0)));
            return x;
        }

        private INDArray denormaliseGradient(INDArray g) {
            INDArray out = arena.add(g.dup('c'));
            planes(out).muliColumnVector(column(scale, out.size(0)));
            return out;
        }

        /** Per-channel values repeated for every image, as a {@code [B*3, 1]} column. */
        private INDArray column(double[] perChannel, long batch) {
            float[] values = new float[Math.toIntExact(batch * 3)];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) perChannel[i % 3];
            }
            return Arrays4.upload(values, new long[] {values.length, 1}, arena);
        }
    }

    private static INDArray planes(INDArray x) {
        long[] s = x.shape();
        return x.reshape('c', s[0] * s[1], s[2] * s[3]);
    }

    private static INDArray pool(String op, INDArray x) {
        return Nd4j.exec(DynamicCustomOp.builder(op).addInputs(x).addIntegerArguments(POOL_ARGS).build())[0];
    }

    private static INDArray poolBackward(String op, INDArray x, INDArray grad) {
        return Nd4j.exec(DynamicCustomOp.builder(op).addInputs(x, grad).addIntegerArguments(POOL_ARGS).build())[0];
    }
}
