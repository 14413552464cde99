package io.pastiche.nd4j;

import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import io.pastiche.norm.StyleEmbedding;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The style network walked from {@link NetworkSpec#blocks()}: per convolution, upsampling, reflect padding, VALID
 * convolution, conditional instance normalisation, activation; a residual block adds its input. Inference frees
 * each layer's intermediates as it goes; training keeps what the hand-written backward pass needs, in a
 * {@link Tape}. Read-only: one instance serves any number of threads.
 */
final class StyleNet {

    private final NetworkSpec spec;
    private final List<ConvLayer> layers;

    StyleNet(NetworkSpec spec) {
        this.spec = spec;
        this.layers = spec.convolutions();
    }

    /** The OIHW weights of the SPI as HWIO arrays, registered in {@code arena}. */
    List<INDArray> upload(List<float[]> weights, Arena arena) {
        List<INDArray> out = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            try (Arena scratch = new Arena()) {
                INDArray oihw = Arrays4.upload(weights.get(i), layers.get(i).weightShape(), scratch);
                out.add(arena.add(Conv.toHwio(oihw)));
            }
        }
        return out;
    }

    /** Per convolution, the form inference computes it in ({@link InferenceConv}). */
    List<InferenceConv> inferenceConvs(List<INDArray> weights, Arena arena) {
        List<InferenceConv> out = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            out.add(InferenceConv.of(layers.get(i), weights.get(i), arena));
        }
        return out;
    }

    /**
     * Per CIN layer, gamma and beta per plane: entry {@code b*C + c} is channel c of image b, so each image of a
     * batch has its own style.
     */
    Planes planes(List<StyleEmbedding> styles) {
        float[][] gamma = new float[layers.size()][];
        float[][] beta = new float[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            gamma[i] = StyleEmbedding.gammaRows(styles, i);
            beta[i] = StyleEmbedding.betaRows(styles, i);
        }
        return new Planes(gamma, beta);
    }

    /** Gamma and beta per CIN layer and plane, in Java arrays. */
    record Planes(float[][] gamma, float[][] beta) {
    }

    /** The {@link #planes} of {@code styles} as {@code [B*C, 1]} columns, for training. */
    Cin cin(List<StyleEmbedding> styles, Arena arena) {
        Planes planes = planes(styles);
        INDArray[] gamma = new INDArray[layers.size()];
        INDArray[] beta = new INDArray[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            gamma[i] = Arrays4.upload(planes.gamma()[i], new long[] {planes.gamma()[i].length, 1}, arena);
            beta[i] = Arrays4.upload(planes.beta()[i], new long[] {planes.beta()[i].length, 1}, arena);
        }
        return new Cin(gamma, beta);
    }

    /** Gamma and beta columns per CIN layer. */
    record Cin(INDArray[] gamma, INDArray[] beta) {
    }

    /**
     * The output for {@code input}: a view of one of {@code maps}' buffers, valid until they are reused. Every
     * layer writes its output into the buffer its input is not in (a residual block's inner map into its own).
     */
    INDArray infer(INDArray input, List<InferenceConv> convs, Planes cin, FeatureMaps maps) {
        INDArray x = input;
        int buffer = -1;
        int i = 0;
        for (Block block : spec.blocks()) {
            int next = FeatureMaps.after(buffer);
            if (block instanceof ResidualBlock r) {
                INDArray h = inferLayer(x, r.first(), convs.get(i), cin, i, maps, FeatureMaps.RESIDUAL);
                x = inferLayer(h, r.second(), convs.get(i + 1), cin, i + 1, maps, next).addi(x);
                i += 2;
            } else {
                x = inferLayer(x, (ConvLayer) block, convs.get(i), cin, i, maps, next);
                i++;
            }
            buffer = next;
        }
        return x;
    }

    /**
     * One layer, its output written into buffer {@code buffer} of {@code maps}; its temporaries (padded input,
     * partial sums) are made in the layer workspace, which the next layer reuses.
     */
    private static INDArray inferLayer(INDArray x, ConvLayer layer, InferenceConv conv, Planes cin, int i,
                                       FeatureMaps maps, int buffer) {
        INDArray out;
        try (MemoryWorkspace temporaries = Workspaces.open(Workspaces.LAYER); Arena scratch = new Arena()) {
            out = conv.forward(x, scratch, shape -> maps.take(buffer, shape));
        }
        InstanceNorm.inference(out, cin.gamma()[i], cin.beta()[i]);
        return Activations.apply(layer.activation(), out);
    }

    /** One convolution layer's forward values kept for its backward pass. */
    private record Step(ConvLayer layer, INDArray padded, InstanceNorm.Saved norm, INDArray out) {
    }

    /** The forward values of a training call, every array in the call's arena. */
    final class Tape {
        private final List<Step> steps = new ArrayList<>();
        private final List<INDArray> weights;
        private final Cin cin;
        private final Arena arena;

        private Tape(List<INDArray> weights, Cin cin, Arena arena) {
            this.weights = weights;
            this.cin = cin;
            this.arena = arena;
        }

        private INDArray layer(INDArray x, ConvLayer layer) {
            int i = steps.size();
            INDArray padded = PadAndResize.forward(x, layer.upsample(), layer.padding(), arena);
            INDArray conv = arena.add(Conv.forward(padded, weights.get(i), null, layer.stride(), 0));
            InstanceNorm.Saved[] saved = new InstanceNorm.Saved[1];
            INDArray out = InstanceNorm.training(conv, cin.gamma()[i], cin.beta()[i], arena, saved);
            Activations.apply(layer.activation(), out);
            steps.add(new Step(layer, padded, saved[0], out));
            return out;
        }

        /**
         * Back-propagates {@code grad} (d/d output) through the network.
         *
         * @param weightGrads receives per convolution d/d weight, HWIO, or null to skip reading them
         * @param gammaGrads  receives per CIN layer d/d gamma, {@code [B*C, 1]}
         * @param betaGrads   receives per CIN layer d/d beta
         */
        void backward(INDArray grad, INDArray[] weightGrads, INDArray[] gammaGrads, INDArray[] betaGrads) {
            INDArray g = grad;
            int i = steps.size();
            List<Block> blocks = spec.blocks();
            for (int b = blocks.size() - 1; b >= 0; b--) {
                if (blocks.get(b) instanceof ResidualBlock) {
                    INDArray h = stepBack(g, i - 1, weightGrads, gammaGrads, betaGrads);
                    INDArray dx = stepBack(h, i - 2, weightGrads, gammaGrads, betaGrads);
                    g = dx.addi(g);
                    i -= 2;
                } else {
                    g = stepBack(g, i - 1, weightGrads, gammaGrads, betaGrads);
                    i--;
                }
            }
        }

        private INDArray stepBack(INDArray grad, int i, INDArray[] weightGrads, INDArray[] gammaGrads,
                                  INDArray[] betaGrads) {
            Step step = steps.get(i);
            INDArray dz = Activations.backward(step.layer().activation(), step.out(), grad, arena);
            INDArray[] dGamma = new INDArray[1];
            INDArray[] dBeta = new INDArray[1];
            INDArray dConv = InstanceNorm.backward(dz, step.norm(), arena, dGamma, dBeta);
            gammaGrads[i] = dGamma[0];
            betaGrads[i] = dBeta[0];
            INDArray[] grads = Conv.backward(step.padded(), weights.get(i), null, dConv, step.layer().stride(), 0);
            for (INDArray a : grads) {
                arena.add(a);
            }
            if (weightGrads != null) {
                weightGrads[i] = grads[1];
            }
            return PadAndResize.backward(grads[0], step.layer().upsample(), step.layer().padding(), arena);
        }
    }

    /** Runs the network and keeps its forward values; returns the tape, whose {@link #output} is the result. */
    Tape train(INDArray input, List<INDArray> weights, Cin cin, Arena arena, INDArray[] output) {
        Tape tape = new Tape(weights, cin, arena);
        INDArray x = input;
        for (Block block : spec.blocks()) {
            if (block instanceof ResidualBlock r) {
                INDArray h = tape.layer(x, r.first());
                INDArray out = tape.layer(h, r.second());
                // the sum is a new array: the second layer's output is kept for its backward pass
                x = arena.add(out.add(x));
            } else {
                x = tape.layer(x, (ConvLayer) block);
            }
        }
        output[0] = x;
        return tape;
    }
}
