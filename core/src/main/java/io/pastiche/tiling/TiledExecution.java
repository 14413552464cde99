package io.pastiche.tiling;

import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs a compiled network over a picture in tiles, layer by layer, with the whole picture's result. For each layer,
 * the engine convolves one output tile at a time ({@link NetworkPlan#layer(int, boolean) the layer alone, without
 * its normalisation}) from the input region the tile needs ({@link Span}); the per-channel sums and sums of
 * squares of the whole map are accumulated in double as the tiles come; then the map is normalised with those
 * statistics and activated, band by band, and residual blocks add their input. The engine never sees more than one
 * tile, and the feature maps are held in memory or spilled to temporary files ({@link TileOptions}).
 *
 * <p>A call interrupted ({@link Thread#interrupt()}) stops at the next tile with a {@link CancellationException}
 * and the thread's interrupt flag set; its temporary files are deleted however the call ends. Stateless and
 * thread-safe; each call uses only its own maps.
 */
public final class TiledExecution {

    /** Rows per band of the normalisation pass. */
    private static final int BAND_ROWS = 64;

    private final CompiledNetwork network;
    private final NetworkPlan plan;
    private final TileOptions options;
    private final List<StyleEmbedding> styles;
    private final StyleBatch batch;
    private final double totalWork;
    private double work;

    private TiledExecution(CompiledNetwork network, List<StyleEmbedding> styles, TileOptions options, Tensor input) {
        this.network = network;
        this.plan = network.plan();
        this.options = options;
        this.styles = styles;
        this.batch = StyleBatch.of(styles);
        this.totalWork = plan.spec().flops(input.height(), input.width());
    }

    /**
     * Runs the whole network over a batch in tiles of a size, the feature maps in memory.
     *
     * @param network    the compiled network
     * @param input      RGB in [0, 1], NCHW, every side at least the network's minimum
     * @param styles     one embedding per image
     * @param tileHeight the height of each layer's output tiles, at least 1
     * @param tileWidth  the width of each layer's output tiles, at least 1
     * @return what {@link CompiledNetwork#forward(Tensor, List)} returns for the same arguments, up to float
     *         rounding: the network's output, not cropped
     * @throws IllegalArgumentException if the tile sizes are not positive, or the input or styles do not fit
     */
    public static Tensor run(CompiledNetwork network, Tensor input, List<StyleEmbedding> styles, int tileHeight,
                             int tileWidth) {
        return run(network, input, styles, TileOptions.inMemory(tileHeight, tileWidth));
    }

    /**
     * Runs the whole network over a batch in tiles.
     *
     * @param network the compiled network
     * @param input   RGB in [0, 1], NCHW, every side at least the network's minimum
     * @param styles  one embedding per image
     * @param options the tile size, where the feature maps go, the progress listener
     * @return the network's output, not cropped, as {@link #run(CompiledNetwork, Tensor, List, int, int)}
     * @throws IllegalArgumentException if the input or styles do not fit the network
     * @throws CancellationException    if the thread is interrupted; its interrupt flag is set again
     * @throws UncheckedIOException     if a spilled map cannot be written or read (a full disk)
     */
    public static Tensor run(CompiledNetwork network, Tensor input, List<StyleEmbedding> styles,
                             TileOptions options) {
        NetworkPlan plan = network.plan();
        int minimum = plan.minimumInputSize();
        if (input.height() < minimum || input.width() < minimum) {
            throw new IllegalArgumentException("the network needs a side of at least " + minimum + ", got " + input);
        }
        if (styles.size() != input.batch()) {
            throw new IllegalArgumentException("one style embedding per image is needed: " + input.batch()
                    + " images, " + styles.size() + " embeddings");
        }
        try {
            return new TiledExecution(network, styles, options, input).run(input);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ClosedByInterruptException) {
                throw cancelled();
            }
            throw e;
        }
    }

    private Tensor run(Tensor input) {
        FeatureStore x = store(input.batch(), input.channels(), input.height(), input.width());
        FeatureStore blockInput = null;
        try {
            x.write(input, 0, 0, 0, input.height(), 0, input.width());
            for (PlannedLayer layer : plan.layers()) {
                if (layer.keepInput()) {
                    blockInput = x;
                }
                double[][] moments = new double[2][];
                FeatureStore y = convolve(layer, x, moments);
                if (x != blockInput) {
                    x.close();
                }
                x = y;
                normalize(x, layer, moments, layer.joins() ? blockInput : null);
                if (layer.joins()) {
                    blockInput.close();
                    blockInput = null;
                }
            }
            Tensor out = x.read(new Span(0, x.height(), 0), new Span(0, x.width(), 0));
            options.progress().accept(1.0);
            return out;
        } finally {
            x.close();
            if (blockInput != null && blockInput != x) {
                blockInput.close();
            }
        }
    }

    private FeatureStore store(int batch, int channels, int height, int width) {
        return options.spillFolder() == null ? new HeapStore(batch, channels, height, width)
                : new FileStore(batch, channels, height, width, options.spillFolder());
    }

    /**
     * The layer's convolution over every output tile, into a new map; {@code moments} receives per plane the sum
     * and the sum of squares of the whole map.
     */
    private FeatureStore convolve(PlannedLayer layer, FeatureStore x, double[][] moments) {
        ConvLayer conv = layer.layer();
        LayerRange range = plan.layer(layer.index(), false);
        int height = conv.outputSize(x.height());
        int width = conv.outputSize(x.width());
        double layerWork = conv.flops(x.height(), x.width());
        FeatureStore y = store(x.batch(), conv.outChannels(), height, width);
        double[] sum = new double[x.batch() * conv.outChannels()];
        double[] squares = new double[sum.length];
        try {
            for (int y0 = 0; y0 < height; y0 += options.tileHeight()) {
                int y1 = Math.min(height, y0 + options.tileHeight());
                Span rows = Span.of(conv, y0, y1, x.height());
                for (int x0 = 0; x0 < width; x0 += options.tileWidth()) {
                    if (Thread.interrupted()) {
                        throw cancelled();
                    }
                    int x1 = Math.min(width, x0 + options.tileWidth());
                    Span cols = Span.of(conv, x0, x1, x.width());
                    Tensor tile = network.forward(range, x.read(rows, cols), styles);
                    y.write(tile, rows.skip(), cols.skip(), y0, y1, x0, x1);
                    accumulate(tile, rows.skip(), cols.skip(), y1 - y0, x1 - x0, sum, squares);
                    work += layerWork * (y1 - y0) * (x1 - x0) / ((double) height * width);
                    options.progress().accept(Math.min(work / totalWork, 1.0));
                }
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
        moments[0] = sum;
        moments[1] = squares;
        return y;
    }

    private static CancellationException cancelled() {
        Thread.currentThread().interrupt();
        return new CancellationException("the tiled call was interrupted");
    }

    private static void accumulate(Tensor tile, int rowSkip, int colSkip, int rows, int cols, double[] sum,
                                   double[] squares) {
        float[] data = tile.data();
        for (int n = 0; n < tile.batch(); n++) {
            for (int c = 0; c < tile.channels(); c++) {
                double s = 0;
                double q = 0;
                for (int y = 0; y < rows; y++) {
                    int base = tile.index(n, c, rowSkip + y, colSkip);
                    for (int i = base; i < base + cols; i++) {
                        double v = data[i];
                        s += v;
                        q += v * v;
                    }
                }
                sum[n * tile.channels() + c] += s;
                squares[n * tile.channels() + c] += q;
            }
        }
    }

    /**
     * Conditional instance normalisation with the whole map's statistics, then the activation, then (for the last
     * layer of a residual block) the block's input added; in place, band by band.
     */
    private void normalize(FeatureStore y, PlannedLayer layer, double[][] moments, FeatureStore residual) {
        double count = (double) y.height() * y.width();
        int channels = y.channels();
        float[] gamma = batch.gamma(layer.index());
        float[] beta = batch.beta(layer.index());
        Activation activation = layer.layer().activation();
        int rows = Math.min(BAND_ROWS, y.height());
        float[] band = new float[rows * y.width()];
        float[] join = residual == null ? null : new float[band.length];
        for (int n = 0; n < y.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                int i = n * channels + c;
                double mean = moments[0][i] / count;
                double variance = Math.max(0, moments[1][i] / count - mean * mean);
                double scale = gamma[i] / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
                double shift = beta[i] - mean * scale;
                for (int y0 = 0; y0 < y.height(); y0 += rows) {
                    int y1 = Math.min(y.height(), y0 + rows);
                    int values = (y1 - y0) * y.width();
                    y.readRows(n, c, y0, y1, band);
                    for (int j = 0; j < values; j++) {
                        band[j] = (float) activation.apply(band[j] * scale + shift);
                    }
                    if (join != null) {
                        residual.readRows(n, c, y0, y1, join);
                        for (int j = 0; j < values; j++) {
                            band[j] += join[j];
                        }
                    }
                    y.writeRows(n, c, y0, y1, band);
                }
            }
        }
    }
}
