package io.pastiche.norm;

import java.util.List;

/**
 * The gamma and beta of every CIN layer for one image: a style, or a mix of styles, resolved to the values the
 * network uses. Layer {@code i} follows convolution {@code i} of the network. Immutable.
 */
public final class StyleEmbedding {

    private final float[][] gamma;
    private final float[][] beta;

    /** @param gamma per layer, the layer's channels; copied
     *  @param beta  per layer; copied */
    public StyleEmbedding(List<float[]> gamma, List<float[]> beta) {
        if (gamma.size() != beta.size()) {
            throw new IllegalArgumentException("gamma has " + gamma.size() + " layers, beta " + beta.size());
        }
        this.gamma = new float[gamma.size()][];
        this.beta = new float[beta.size()][];
        for (int i = 0; i < gamma.size(); i++) {
            if (gamma.get(i).length != beta.get(i).length) {
                throw new IllegalArgumentException("layer " + i + ": gamma and beta differ in length");
            }
            this.gamma[i] = gamma.get(i).clone();
            this.beta[i] = beta.get(i).clone();
        }
    }

    /** Number of CIN layers. */
    public int layers() {
        return gamma.length;
    }

    /** Gamma of layer {@code i} (a copy). */
    public float[] gamma(int layer) {
        return gamma[layer].clone();
    }

    /** Beta of layer {@code i} (a copy). */
    public float[] beta(int layer) {
        return beta[layer].clone();
    }
}
