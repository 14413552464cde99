package io.pastiche.tensorflow;

import io.pastiche.network.ConvLayer;
import io.pastiche.norm.StyleEmbedding;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The gamma and beta of every CIN layer as graph inputs: per layer one {@code [B, C]} placeholder each, row
 * {@code b} being image {@code b}'s style, so one graph serves every style, every mix and batches of mixed styles.
 * In training they are also what the style gradients are taken with respect to. Immutable.
 *
 * @param gamma per layer, {@code [B, C]}
 * @param beta  per layer, {@code [B, C]}
 */
record CinInputs(List<Placeholder<TFloat32>> gamma, List<Placeholder<TFloat32>> beta) {

    static CinInputs create(Ops tf, List<ConvLayer> layers) {
        List<Placeholder<TFloat32>> gammas = new ArrayList<>(layers.size());
        List<Placeholder<TFloat32>> betas = new ArrayList<>(layers.size());
        for (ConvLayer layer : layers) {
            Shape shape = Shape.of(Shape.UNKNOWN_SIZE, layer.outChannels());
            gammas.add(tf.withName("gamma_" + gammas.size()).placeholder(TFloat32.class, Placeholder.shape(shape)));
            betas.add(tf.withName("beta_" + betas.size()).placeholder(TFloat32.class, Placeholder.shape(shape)));
        }
        return new CinInputs(List.copyOf(gammas), List.copyOf(betas));
    }

    /**
     * Feeds the batch's styles.
     *
     * @param styles one embedding per image, already checked against the layers
     */
    void feed(Session.Runner runner, Feeds feeds, List<StyleEmbedding> styles) {
        int batch = styles.size();
        for (int i = 0; i < gamma.size(); i++) {
            int channels = Math.toIntExact(gamma.get(i).shape().get(1));
            runner.feed(gamma.get(i), feeds.floats(StyleEmbedding.gammaRows(styles, i), batch, channels));
            runner.feed(beta.get(i), feeds.floats(StyleEmbedding.betaRows(styles, i), batch, channels));
        }
    }

    /** Every gamma, then every beta: the order of {@link #styleGradients}. */
    List<Output<?>> outputs() {
        List<Output<?>> all = new ArrayList<>(2 * gamma.size());
        gamma.forEach(p -> all.add(p.output()));
        beta.forEach(p -> all.add(p.output()));
        return all;
    }

    /**
     * Splits the fetched gradients back into one embedding per image.
     *
     * @param values per layer the gamma gradient {@code [B, C]}, then per layer the beta gradient, as {@link #outputs}
     */
    static List<StyleEmbedding> styleGradients(List<float[]> values, List<ConvLayer> layers, int batch) {
        List<StyleEmbedding> out = new ArrayList<>(batch);
        for (int n = 0; n < batch; n++) {
            List<float[]> g = new ArrayList<>(layers.size());
            List<float[]> b = new ArrayList<>(layers.size());
            for (int i = 0; i < layers.size(); i++) {
                int c = layers.get(i).outChannels();
                g.add(java.util.Arrays.copyOfRange(values.get(i), n * c, (n + 1) * c));
                b.add(java.util.Arrays.copyOfRange(values.get(layers.size() + i), n * c, (n + 1) * c));
            }
            out.add(new StyleEmbedding(g, b));
        }
        return out;
    }
}
