package io.pastiche.norm;

import io.pastiche.StyleMix;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every conditional instance normalisation layer of a network, as one group aligned with
 * {@link NetworkSpec#convolutions()}: layer {@code i} normalises the output of convolution {@code i}. This is
 * the whole of what distinguishes one style from another. Immutable.
 */
public final class CinParameters {

    private final NetworkSpec spec;
    private final List<ConditionalInstanceNorm> layers;
    private final int styles;

    /**
     * Groups the layers of a network.
     *
     * @param spec   the network the layers belong to; their names and channels are checked against it
     * @param layers one per convolution, in order, all with the same number of styles; the list is copied
     * @throws IllegalArgumentException if the number of layers, a layer's name or channels, or a layer's number of
     *                                  styles does not fit
     */
    public CinParameters(NetworkSpec spec, List<ConditionalInstanceNorm> layers) {
        List<ConvLayer> convs = spec.convolutions();
        if (layers.size() != convs.size()) {
            throw new IllegalArgumentException("the network has " + convs.size() + " CIN layers, got "
                    + layers.size());
        }
        int n = layers.get(0).styles();
        for (int i = 0; i < layers.size(); i++) {
            ConditionalInstanceNorm norm = layers.get(i);
            ConvLayer conv = convs.get(i);
            if (!norm.layer().equals(conv.name()) || norm.channels() != conv.outChannels()) {
                throw new IllegalArgumentException("CIN layer " + i + " is " + norm.layer() + " with "
                        + norm.channels() + " channels, expected " + conv.name() + " with " + conv.outChannels());
            }
            if (norm.styles() != n) {
                throw new IllegalArgumentException(norm.layer() + " has " + norm.styles() + " styles, "
                        + layers.get(0).layer() + " has " + n);
            }
        }
        this.spec = spec;
        this.layers = List.copyOf(layers);
        this.styles = n;
    }

    /**
     * gamma = 1, beta = 0 for every style and layer: the start of training.
     *
     * @param spec   the network
     * @param styles N, at least 1
     * @return the tables
     * @throws IllegalArgumentException if {@code styles} is 0
     */
    public static CinParameters identity(NetworkSpec spec, int styles) {
        List<ConditionalInstanceNorm> layers = new ArrayList<>();
        for (ConvLayer conv : spec.convolutions()) {
            layers.add(ConditionalInstanceNorm.identity(conv.name(), styles, conv.outChannels()));
        }
        return new CinParameters(spec, layers);
    }

    /**
     * These tables with {@code added} new styles appended, gamma = 1 and beta = 0: the start of adding styles to
     * a trained network, where only the new rows train and everything else stays bit-identical
     * (docs/training.md). The existing rows are copied unchanged.
     *
     * @param added the number of new styles, at least 1; they get indices N to N + added - 1
     * @return new tables; these are unchanged
     * @throws IllegalArgumentException if {@code added} is less than 1
     */
    public CinParameters withIdentityStyles(int added) {
        if (added < 1) {
            throw new IllegalArgumentException("add at least one style, not " + added);
        }
        List<ConditionalInstanceNorm> grown = new ArrayList<>(layers.size());
        for (ConditionalInstanceNorm layer : layers) {
            int c = layer.channels();
            float[] gamma = Arrays.copyOf(layer.gammaTable(), (styles + added) * c);
            float[] beta = Arrays.copyOf(layer.betaTable(), (styles + added) * c);
            Arrays.fill(gamma, styles * c, gamma.length, 1f);
            grown.add(new ConditionalInstanceNorm(layer.layer(), styles + added, c, gamma, beta));
        }
        return new CinParameters(spec, grown);
    }

    /**
     * These tables without one style's rows; the styles after it move up by one.
     *
     * @param style the index of the style to remove, in 0..N-1
     * @return new tables of N - 1 styles; these are unchanged
     * @throws IllegalArgumentException if {@code style} is not in 0..N-1, or it is the only style
     */
    public CinParameters withoutStyle(int style) {
        if (style < 0 || style >= styles || styles == 1) {
            throw new IllegalArgumentException("cannot remove style " + style + " of " + styles);
        }
        List<ConditionalInstanceNorm> shrunk = new ArrayList<>(layers.size());
        for (ConditionalInstanceNorm layer : layers) {
            int c = layer.channels();
            shrunk.add(new ConditionalInstanceNorm(layer.layer(), styles - 1, c,
                    withoutRow(layer.gammaTable(), style, c), withoutRow(layer.betaTable(), style, c)));
        }
        return new CinParameters(spec, shrunk);
    }

    private static float[] withoutRow(float[] table, int row, int width) {
        float[] result = new float[table.length - width];
        System.arraycopy(table, 0, result, 0, row * width);
        System.arraycopy(table, (row + 1) * width, result, row * width, result.length - row * width);
        return result;
    }

    /**
     * N, the number of styles.
     *
     * @return N, at least 1
     */
    public int styles() {
        return styles;
    }

    /**
     * The layers, in network order.
     *
     * @return one layer per convolution; unmodifiable
     */
    public List<ConditionalInstanceNorm> layers() {
        return layers;
    }

    /**
     * The gamma/beta of one style.
     *
     * @param style the style's index, in 0..N-1
     * @return that style's rows of every layer
     * @throws IllegalArgumentException  if {@code style} is negative
     * @throws IndexOutOfBoundsException if {@code style} is N or more
     */
    public StyleEmbedding embedding(int style) {
        return embedding(StyleMix.of(style));
    }

    /**
     * The gamma/beta of a mix of styles, weights used as given.
     *
     * @param mix styles in 0..N-1 and their weights
     * @return per layer, the weighted sums of the styles' rows
     * @throws IndexOutOfBoundsException if the mix names a style N or more
     */
    public StyleEmbedding embedding(StyleMix mix) {
        if (mix.maxStyle() >= styles) {
            throw new IndexOutOfBoundsException("style " + mix.maxStyle() + " is not in 0.." + (styles - 1));
        }
        List<float[]> gamma = new ArrayList<>(layers.size());
        List<float[]> beta = new ArrayList<>(layers.size());
        for (ConditionalInstanceNorm layer : layers) {
            gamma.add(layer.mixGamma(mix));
            beta.add(layer.mixBeta(mix));
        }
        return new StyleEmbedding(gamma, beta);
    }
}
