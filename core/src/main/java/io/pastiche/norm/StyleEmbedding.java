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
     * Channels of one layer.
     *
     * @param layer the layer's index, in 0..{@link #layers()}-1
     * @return the number of gamma (and beta) values of the layer
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     */
    public int channels(int layer) {
        return gamma[layer].length;
    }

    /**
     * The gamma of one layer for every image of a batch, as the engines take it: {@code [B, C]} row-major, row
     * {@code b} from {@code styles.get(b)}. Packed here once for every backend.
     *
     * @param styles one embedding per image, of the same network
     * @param layer  the layer's index
     * @return a new array of {@code styles.size() * channels(layer)} values
     */
    public static float[] gammaRows(List<StyleEmbedding> styles, int layer) {
        return rows(styles, layer, true);
    }

    /**
     * The beta of one layer for every image of a batch, laid out as {@link #gammaRows}.
     *
     * @param styles one embedding per image, of the same network
     * @param layer  the layer's index
     * @return a new array of {@code styles.size() * channels(layer)} values
     */
    public static float[] betaRows(List<StyleEmbedding> styles, int layer) {
        return rows(styles, layer, false);
    }

    private static float[] rows(List<StyleEmbedding> styles, int layer, boolean gamma) {
        int channels = styles.get(0).channels(layer);
        float[] rows = new float[styles.size() * channels];
        for (int b = 0; b < styles.size(); b++) {
            StyleEmbedding style = styles.get(b);
            float[] values = gamma ? style.gamma[layer] : style.beta[layer];
            if (values.length != channels) {
                throw new IllegalArgumentException("layer " + layer + " has " + values.length + " channels in image "
                        + b + "'s style, " + channels + " in image 0's");
            }
            System.arraycopy(values, 0, rows, b * channels, channels);
        }
        return rows;
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
