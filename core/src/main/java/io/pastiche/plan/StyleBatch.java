package io.pastiche.plan;

import io.pastiche.norm.StyleEmbedding;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch's gamma and beta per CIN layer, packed once by core for the engine: for layer {@code i},
 * {@link #gamma(int) gamma(i)} holds {@code batch} rows of that layer's {@code C} channels, row {@code b} being
 * image {@code b}'s style, so one engine graph serves every style, mix and batch of mixed styles. The arrays are
 * the engine's to read, not to change. Immutable.
 */
public final class StyleBatch {

    private final int batch;
    private final List<float[]> gamma;
    private final List<float[]> beta;

    private StyleBatch(int batch, List<float[]> gamma, List<float[]> beta) {
        this.batch = batch;
        this.gamma = gamma;
        this.beta = beta;
    }

    /**
     * Packs one embedding per image.
     *
     * @param styles one embedding per image, every one with the same layers and channels (checked by the caller)
     * @return the batch's gamma and beta, {@code [B, C]} per layer
     */
    public static StyleBatch of(List<StyleEmbedding> styles) {
        int layers = styles.get(0).layers();
        List<float[]> gamma = new ArrayList<>(layers);
        List<float[]> beta = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            gamma.add(StyleEmbedding.gammaRows(styles, i));
            beta.add(StyleEmbedding.betaRows(styles, i));
        }
        return new StyleBatch(styles.size(), List.copyOf(gamma), List.copyOf(beta));
    }

    /**
     * Per-layer values as an engine computed them (gradients with respect to gamma and beta), in this layout.
     *
     * @param batch the number of images
     * @param gamma per layer, {@code batch * C} values
     * @param beta  per layer, {@code batch * C} values
     * @return them as a batch; the arrays are not copied
     * @throws IllegalArgumentException if the two lists differ in length or an array is not a multiple of
     *                                  {@code batch}
     */
    public static StyleBatch ofRows(int batch, List<float[]> gamma, List<float[]> beta) {
        if (batch < 1 || gamma.size() != beta.size()) {
            throw new IllegalArgumentException("a style batch needs a batch >= 1 and as many gamma as beta layers");
        }
        for (int i = 0; i < gamma.size(); i++) {
            if (gamma.get(i).length % batch != 0 || gamma.get(i).length != beta.get(i).length) {
                throw new IllegalArgumentException("layer " + i + ": gamma and beta need batch x channels values");
            }
        }
        return new StyleBatch(batch, List.copyOf(gamma), List.copyOf(beta));
    }

    /**
     * The number of images.
     *
     * @return B
     */
    public int batch() {
        return batch;
    }

    /**
     * The number of CIN layers.
     *
     * @return the network's number of convolutions
     */
    public int layers() {
        return gamma.size();
    }

    /**
     * The gamma of one layer for every image.
     *
     * @param layer the CIN layer's index
     * @return {@code [B, C]} row-major; not a copy
     */
    public float[] gamma(int layer) {
        return gamma.get(layer);
    }

    /**
     * The beta of one layer for every image.
     *
     * @param layer the CIN layer's index
     * @return {@code [B, C]} row-major; not a copy
     */
    public float[] beta(int layer) {
        return beta.get(layer);
    }

    /**
     * One embedding per image: the inverse of {@link #of}.
     *
     * @return B embeddings, the rows copied
     */
    public List<StyleEmbedding> embeddings() {
        List<StyleEmbedding> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            List<float[]> g = new ArrayList<>(gamma.size());
            List<float[]> bt = new ArrayList<>(gamma.size());
            for (int i = 0; i < gamma.size(); i++) {
                int c = gamma.get(i).length / batch;
                g.add(java.util.Arrays.copyOfRange(gamma.get(i), b * c, (b + 1) * c));
                bt.add(java.util.Arrays.copyOfRange(beta.get(i), b * c, (b + 1) * c));
            }
            out.add(new StyleEmbedding(g, bt));
        }
        return out;
    }
}
