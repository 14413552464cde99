package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.StyleBatch;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gamma and beta of every CIN layer for a batch, on the engine: per layer one {@code [B, C]} array each,
 * row {@code b} being image {@code b}'s style. In training they are the leaves the style gradients are read from.
 *
 * @param gamma per layer, {@code [B, C]}
 * @param beta    per layer, {@code [B, C]}
 * @param weights for a masked batch on a GPU, per layer the styles' weights {@code [S, h * w]} (and gamma and beta
 *                are {@code [S, C]}); else null
 * @param styles  the batch as core packed it
 */
record CinArrays(List<NDArray> gamma, List<NDArray> beta, List<NDArray> weights, StyleBatch styles) {

    /**
     * @param styles           the batch's gamma/beta as core packed them
     * @param requiresGradient attach a gradient to every array (training)
     */
    static CinArrays upload(NDManager manager, StyleBatch styles, boolean requiresGradient) {
        List<NDArray> gammas = new ArrayList<>(styles.layers());
        List<NDArray> betas = new ArrayList<>(styles.layers());
        int rows = styles.rows();
        for (int i = 0; i < styles.layers(); i++) {
            Shape shape = new Shape(rows, styles.gamma(i).length / rows);
            NDArray g = manager.create(styles.gamma(i), shape);
            NDArray bt = manager.create(styles.beta(i), shape);
            if (requiresGradient) {
                g.setRequiresGradient(true);
                bt.setRequiresGradient(true);
            }
            gammas.add(g);
            betas.add(bt);
        }
        List<NDArray> weights = null;
        if (styles.masked() && manager.getDevice().isGpu()) {
            // on the CPU the masked normalisation reads core's arrays (InstanceNorm.perPosition)
            // Layers of one resolution share their weights: uploaded once.
            Map<float[], NDArray> uploaded = new IdentityHashMap<>();
            weights = new ArrayList<>(styles.layers());
            for (int i = 0; i < styles.layers(); i++) {
                float[] w = styles.weights(i);
                weights.add(uploaded.computeIfAbsent(w, a -> manager.create(a, new Shape(rows, a.length / rows))));
            }
            weights = List.copyOf(weights);
        }
        return new CinArrays(List.copyOf(gammas), List.copyOf(betas), weights, styles);
    }

    /**
     * The gradients of the loss with respect to every gamma and beta, per image: call after the backward pass.
     *
     * @param batch the number of images
     */
    List<StyleEmbedding> gradients(int batch) {
        List<float[]> gammaGrads = new ArrayList<>(gamma.size());
        List<float[]> betaGrads = new ArrayList<>(beta.size());
        for (int i = 0; i < gamma.size(); i++) {
            gammaGrads.add(gradient(gamma.get(i)));
            betaGrads.add(gradient(beta.get(i)));
        }
        return StyleBatch.ofRows(batch, gammaGrads, betaGrads).embeddings();
    }

    /** The gradient of a leaf as floats; its handle is freed at once. */
    static float[] gradient(NDArray leaf) {
        try (NDArray grad = leaf.getGradient()) {
            return grad.toFloatArray();
        }
    }
}
