package io.pastiche.tiling;

import io.pastiche.network.ConvLayer;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;

import java.util.List;

/**
 * Runs a compiled network over a picture in tiles, layer by layer, with the whole picture's result. For each layer,
 * the engine convolves one output tile at a time ({@link NetworkPlan#layer(int, boolean) the layer alone, without
 * its normalisation}) from the input region the tile needs ({@link Span}); the per-channel sums and sums of
 * squares of the whole map are accumulated in double as the tiles come; then the map is normalised with those
 * statistics and activated, and residual blocks add their input. The engine never sees more than one tile.
 *
 * <p>This first form keeps every feature map of the picture in memory ({@link Planes}); it is the exact algorithm
 * that bounded-memory execution builds on. Stateless and thread-safe; each call uses only its own arrays.
 */
public final class TiledExecution {

    private TiledExecution() {
    }

    /**
     * Runs the whole network over a batch in tiles.
     *
     * @param network    the compiled network
     * @param input      RGB in [0, 1], NCHW, every side at least the network's minimum
     * @param styles     one embedding per image
     * @param tileHeight the height of each layer's output tiles, at least 1 (the last tile of a row may be smaller)
     * @param tileWidth  the width of each layer's output tiles, at least 1
     * @return what {@link CompiledNetwork#forward(Tensor, List)} returns for the same arguments, up to float
     *         rounding: the network's output, not cropped
     * @throws IllegalArgumentException if the tile sizes are not positive, or the input or styles do not fit the
     *                                  network
     */
    public static Tensor run(CompiledNetwork network, Tensor input, List<StyleEmbedding> styles, int tileHeight,
                             int tileWidth) {
        if (tileHeight < 1 || tileWidth < 1) {
            throw new IllegalArgumentException("tiles need a positive size, were " + tileHeight + " x " + tileWidth);
        }
        NetworkPlan plan = network.plan();
        int minimum = plan.minimumInputSize();
        if (input.height() < minimum || input.width() < minimum) {
            throw new IllegalArgumentException("the network needs a side of at least " + minimum + ", got " + input);
        }
        StyleBatch batch = StyleBatch.of(styles);
        Planes x = Planes.of(input);
        Planes blockInput = null;
        for (PlannedLayer layer : plan.layers()) {
            if (layer.keepInput()) {
                blockInput = x;
            }
            double[][] moments = new double[2][];
            Planes y = convolve(network, layer, x, styles, tileHeight, tileWidth, moments);
            normalize(y, layer, batch, moments);
            if (layer.joins()) {
                y.add(blockInput);
                blockInput = null;
            }
            x = y;
        }
        return x.toTensor();
    }

    /**
     * The layer's convolution over every output tile, into a new map; {@code moments} receives per plane the sum
     * and the sum of squares of the whole map.
     */
    private static Planes convolve(CompiledNetwork network, PlannedLayer layer, Planes x,
                                   List<StyleEmbedding> styles, int tileHeight, int tileWidth, double[][] moments) {
        ConvLayer conv = layer.layer();
        LayerRange range = network.plan().layer(layer.index(), false);
        Planes y = new Planes(x.batch(), conv.outChannels(), conv.outputSize(x.height()), conv.outputSize(x.width()));
        double[] sum = new double[x.batch() * conv.outChannels()];
        double[] squares = new double[sum.length];
        for (int y0 = 0; y0 < y.height(); y0 += tileHeight) {
            int y1 = Math.min(y.height(), y0 + tileHeight);
            Span rows = Span.of(conv, y0, y1, x.height());
            for (int x0 = 0; x0 < y.width(); x0 += tileWidth) {
                int x1 = Math.min(y.width(), x0 + tileWidth);
                Span cols = Span.of(conv, x0, x1, x.width());
                Tensor tile = network.forward(range, x.read(rows, cols), styles);
                y.write(tile, rows.skip(), cols.skip(), y0, y1, x0, x1);
                accumulate(tile, rows.skip(), cols.skip(), y1 - y0, x1 - x0, sum, squares);
            }
        }
        moments[0] = sum;
        moments[1] = squares;
        return y;
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

    /** Conditional instance normalisation with the whole map's statistics, then the activation, in place. */
    private static void normalize(Planes y, PlannedLayer layer, StyleBatch batch, double[][] moments) {
        double count = (double) y.height() * y.width();
        int channels = y.channels();
        float[] gamma = batch.gamma(layer.index());
        float[] beta = batch.beta(layer.index());
        for (int n = 0; n < y.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                int i = n * channels + c;
                double mean = moments[0][i] / count;
                double variance = Math.max(0, moments[1][i] / count - mean * mean);
                double scale = gamma[i] / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
                double shift = beta[i] - mean * scale;
                float[] plane = y.plane(n, c);
                for (int j = 0; j < plane.length; j++) {
                    plane[j] = (float) layer.layer().activation().apply(plane[j] * scale + shift);
                }
            }
        }
    }
}
