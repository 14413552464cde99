package io.pastiche.plan;

import io.pastiche.StyleMask;
import io.pastiche.norm.StyleEmbedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's gamma and beta per CIN layer, packed once by core for the engine: for layer {@code i},
 * {@link #gamma(int) gamma(i)} holds {@code batch} rows of that layer's {@code C} channels, row {@code b} being
 * image {@code b}'s style, so one engine graph serves every style, mix and batch of mixed styles. The arrays are
 * the engine's to read, not to change. Immutable.
 *
 * <p>A {@link #masked() masked} batch ({@link #masked(int, List, StyleMask, NetworkPlan, int, int)}) has instead one
 * row per style of a {@link StyleMask}, and per layer the styles' weights at each position of the layer's output
 * ({@link #weights(int)}): the engine normalises each plane with its own statistics, then scales and shifts each
 * position by {@code sum_s w_s * gamma_s} and {@code sum_s w_s * beta_s}, for every image of the batch.
 */
public final class StyleBatch {

    private final int batch;
    private final int rows;
    private final List<float[]> gamma;
    private final List<float[]> beta;
    /** Per layer, {@code [S, h, w]} weights of a masked batch; null if not masked. */
    private final List<float[]> weights;

    private StyleBatch(int batch, int rows, List<float[]> gamma, List<float[]> beta, List<float[]> weights) {
        this.batch = batch;
        this.rows = rows;
        this.gamma = gamma;
        this.beta = beta;
        this.weights = weights;
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
        return new StyleBatch(styles.size(), styles.size(), List.copyOf(gamma), List.copyOf(beta), null);
    }

    /**
     * Packs a masked call: one row per style of the mask, and the mask's weights at each layer's resolution for
     * an input of the given size (layers of one resolution share one array).
     *
     * @param batch  the number of images, all with this mask
     * @param styles the embedding of each of {@link StyleMask#styles()}, in that order
     * @param mask   the mask, of the input's size
     * @param plan   the network
     * @param height the input's height
     * @param width  the input's width
     * @return the masked batch
     * @throws IllegalArgumentException if a layer is finer than the input (masks follow the network's strides)
     */
    public static StyleBatch masked(int batch, List<StyleEmbedding> styles, StyleMask mask, NetworkPlan plan,
                                    int height, int width) {
        StyleBatch rows = of(styles);
        List<float[]> weights = new ArrayList<>(plan.layers().size());
        Map<List<Integer>, float[]> byResolution = new HashMap<>();
        int h = height;
        int w = width;
        for (PlannedLayer layer : plan.layers()) {
            h = layer.layer().outputSize(h);
            w = layer.layer().outputSize(w);
            int factor = plan.inputPixelsPerPixel(layer.index());
            int rowsOut = h;
            int columns = w;
            weights.add(byResolution.computeIfAbsent(List.of(factor, h, w),
                    key -> mask.styleWeights(factor, 0, rowsOut, columns)));
        }
        return new StyleBatch(batch, styles.size(), rows.gamma, rows.beta, List.copyOf(weights));
    }

    /**
     * Checks that a mask and its styles' embeddings fit an input, before a masked call.
     *
     * @param mask       the mask
     * @param maskStyles the embedding of each of {@link StyleMask#styles()}, in that order
     * @param height     the input's height
     * @param width      the input's width
     * @throws IllegalArgumentException if the mask is of another size or there is not one embedding per style
     */
    public static void checkMask(StyleMask mask, List<StyleEmbedding> maskStyles, int height, int width) {
        if (mask.width() != width || mask.height() != height) {
            throw new IllegalArgumentException("the mask is " + mask.width() + "x" + mask.height() + " but the input "
                    + width + "x" + height + "; resize the mask to the input (StyleMask.resized)");
        }
        if (maskStyles.size() != mask.styles().length) {
            throw new IllegalArgumentException("one embedding per style of the mask is needed: "
                    + mask.styles().length + " styles, " + maskStyles.size() + " embeddings");
        }
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
        return new StyleBatch(batch, batch, List.copyOf(gamma), List.copyOf(beta), null);
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
     * The rows of each layer's gamma and beta: one per image, or for a {@link #masked()} batch one per style of
     * its mask.
     *
     * @return B, or S
     */
    public int rows() {
        return rows;
    }

    /**
     * Whether the batch's styles vary per position: a call with a {@link StyleMask}.
     *
     * @return true if {@link #weights(int)} holds per-position weights
     */
    public boolean masked() {
        return weights != null;
    }

    /**
     * The weights of the mask's styles at each position of a layer's output, for a {@link #masked()} batch.
     *
     * @param layer the CIN layer's index
     * @return {@code [S, h, w]} row-major, {@code h x w} the layer's output size; not a copy
     * @throws IllegalStateException if the batch is not masked
     */
    public float[] weights(int layer) {
        if (weights == null) {
            throw new IllegalStateException("not a masked batch");
        }
        return weights.get(layer);
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
     * One embedding per row: per image, the inverse of {@link #of}; for a masked batch, per style of the mask.
     *
     * @return {@link #rows()} embeddings, the rows copied
     */
    public List<StyleEmbedding> embeddings() {
        List<StyleEmbedding> out = new ArrayList<>(rows);
        for (int b = 0; b < rows; b++) {
            List<float[]> g = new ArrayList<>(gamma.size());
            List<float[]> bt = new ArrayList<>(gamma.size());
            for (int i = 0; i < gamma.size(); i++) {
                int c = gamma.get(i).length / rows;
                g.add(java.util.Arrays.copyOfRange(gamma.get(i), b * c, (b + 1) * c));
                bt.add(java.util.Arrays.copyOfRange(beta.get(i), b * c, (b + 1) * c));
            }
            out.add(new StyleEmbedding(g, bt));
        }
        return out;
    }
}
