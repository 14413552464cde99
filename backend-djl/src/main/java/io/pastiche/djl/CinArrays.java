package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.network.ConvLayer;
import io.pastiche.norm.StyleEmbedding;
import java.util.ArrayList;
import java.util.List;

/**
 * The gamma and beta of every CIN layer for a batch, on the engine: per layer one {@code [B, C]} array each,
 * row {@code b} being image {@code b}'s style. In training they are the leaves the style gradients are read from.
 *
 * @param gamma per layer, {@code [B, C]}
 * @param beta  per layer, {@code [B, C]}
 */
record CinArrays(List<NDArray> gamma, List<NDArray> beta) {

    /**
     * @param styles           one embedding per image, already checked against {@code layers}
     * @param requiresGradient attach a gradient to every array (training)
     */
    static CinArrays upload(NDManager manager, List<StyleEmbedding> styles, List<ConvLayer> layers,
                            boolean requiresGradient) {
        List<NDArray> gammas = new ArrayList<>(layers.size());
        List<NDArray> betas = new ArrayList<>(layers.size());
        int batch = styles.size();
        for (int i = 0; i < layers.size(); i++) {
            Shape shape = new Shape(batch, layers.get(i).outChannels());
            NDArray g = manager.create(StyleEmbedding.gammaRows(styles, i), shape);
            NDArray bt = manager.create(StyleEmbedding.betaRows(styles, i), shape);
            if (requiresGradient) {
                g.setRequiresGradient(true);
                bt.setRequiresGradient(true);
            }
            gammas.add(g);
            betas.add(bt);
        }
        return new CinArrays(List.copyOf(gammas), List.copyOf(betas));
    }

    /**
     * The gradients of the loss with respect to every gamma and beta, per image: call after the backward pass.
     *
     * @param layers the network's convolutions, for the channel counts
     */
    List<StyleEmbedding> gradients(List<ConvLayer> layers) {
        int batch = Math.toIntExact(gamma.get(0).getShape().get(0));
        List<List<float[]>> gammaGrads = new ArrayList<>();
        List<List<float[]>> betaGrads = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            gammaGrads.add(new ArrayList<>(layers.size()));
            betaGrads.add(new ArrayList<>(layers.size()));
        }
        for (int i = 0; i < layers.size(); i++) {
            int channels = layers.get(i).outChannels();
            float[] g = gradient(gamma.get(i));
            float[] bt = gradient(beta.get(i));
            for (int b = 0; b < batch; b++) {
                gammaGrads.get(b).add(java.util.Arrays.copyOfRange(g, b * channels, (b + 1) * channels));
                betaGrads.get(b).add(java.util.Arrays.copyOfRange(bt, b * channels, (b + 1) * channels));
            }
        }
        List<StyleEmbedding> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(new StyleEmbedding(gammaGrads.get(b), betaGrads.get(b)));
        }
        return out;
    }

    /** The gradient of a leaf as floats; its handle is freed at once. */
    static float[] gradient(NDArray leaf) {
        try (NDArray grad = leaf.getGradient()) {
            return grad.toFloatArray();
        }
    }
}
