package io.pastiche.norm;

import java.util.List;

/**
 * The gamma and beta of every CIN layer for one image: a style, or a mix of styles, resolved to the values the
 * network uses. Layer {@code i} follows convolution {@code i} of the network. Immutable.
 */
public final class StyleEmbedding {

    private final float[][] gamma;
    private final float[][] beta;

    /**
     * Creates an embedding from per-layer values.
     *
     * @param gamma per layer, one value per channel of the layer; copied
     * @param beta  per layer, as many values as {@code gamma}'s; copied
     * @throws IllegalArgumentException if {@code gamma} and {@code beta} differ in layers, or in a layer's length
     */
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

    /**
     * Number of CIN layers.
     *
     * @return one per convolution of the network it is for
     */
    public int layers() {
        return gamma.length;
    }

    /**
     * Gamma of one layer.
     *
     * @param layer the layer's index, in 0..{@link #layers()}-1
     * @return a copy, one value per channel
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     */
    public float[] gamma(int layer) {
        return gamma[layer].clone();
    }

    /**
     * Beta of one layer.
     *
     * @param layer the layer's index, in 0..{@link #layers()}-1
     * @return a copy, one value per channel
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     */
    public float[] beta(int layer) {
        return beta[layer].clone();
    }
}
