package io.pastiche.tiling;

import io.pastiche.StyleMask;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

/**
 * Runs a compiled network over a picture in tiles, layer by layer, with the whole picture's result. For each layer,
 * the engine convolves one output tile at a time ({@link NetworkPlan#layer(int, boolean) the layer alone, without
 * its normalisation}) from the input region the tile needs ({@link Span}); the per-channel sums and sums of
 * squares of the whole map are accumulated in double as the tiles come; the map is then normalised with those
 * statistics and activated as the next layer reads it ({@link NormalizedStore}), except at the end of a residual
 * block, where a pass over the map normalises it and adds the block's input. The engine never sees more than one
 * tile, and the feature maps are held in memory or spilled to temporary files ({@link TileOptions}).
 *
 * <p>A call interrupted ({@link Thread#interrupt()}) stops at the next tile with a {@link CancellationException}
 * and the thread's interrupt flag set; its temporary files are deleted however the call ends. Stateless and
 * thread-safe; each call uses only its own maps.
 */
public final class TiledExecution {

    /** Values per band of a pass over a map (whole rows, at least one): 1 MiB of floats per thread. */
    private static final int BAND_VALUES = 1 << 18;

    private final CompiledNetwork network;
    private final NetworkPlan plan;
    private final TileOptions options;
    private final List<StyleEmbedding> styles;
    private final StyleBatch batch;
    /** The call's mask, or null; {@link #batch} then has one row per style of it. */
    private final StyleMask mask;
    private final double totalWork;
    private double work;
    /** The call's band reader and writer, while it runs. */
    private ReadAhead reader;
    private WriteBehind writer;
    /** Where the call's maps are while it runs: in memory, or spilled to files. */
    private MapStorage storage;

    private TiledExecution(CompiledNetwork network, List<StyleEmbedding> styles, StyleMask mask,
                           List<StyleEmbedding> maskStyles, TileOptions options, int height, int width) {
        this.network = network;
        this.plan = network.plan();
        this.options = options;
        this.styles = styles;
        this.mask = mask;
        this.batch = StyleBatch.of(mask == null ? styles : maskStyles);
        this.totalWork = plan.spec().flops(height, width);
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
        List<Tensor> bands = new ArrayList<>();
        run(network, BandSource.of(input), styles, options, (band, from) -> bands.add(band));
        return gather(bands);
    }

    /**
     * Runs the whole network over a batch in tiles with a style mask, the feature maps as the options say.
     *
     * @param network    the compiled network
     * @param input      RGB in [0, 1], NCHW, of the mask's size, every side at least the network's minimum
     * @param mask       which style goes where
     * @param maskStyles the embedding of each of {@link StyleMask#styles()}, in that order
     * @param options    the tile size, where the feature maps go, the progress listener
     * @return what {@link CompiledNetwork#forward(Tensor, StyleMask, List)} returns for the same arguments, up to
     *         float rounding
     * @throws IllegalArgumentException if the input, the mask or the styles do not fit the network
     */
    public static Tensor run(CompiledNetwork network, Tensor input, StyleMask mask, List<StyleEmbedding> maskStyles,
                             TileOptions options) {
        List<Tensor> bands = new ArrayList<>();
        run(network, BandSource.of(input), mask, maskStyles, options, (band, from) -> bands.add(band));
        return gather(bands);
    }

    /** The bands of a map, top to bottom, as one tensor. */
    private static Tensor gather(List<Tensor> bands) {
        Tensor first = bands.get(0);
        int height = bands.stream().mapToInt(Tensor::height).sum();
        int plane = height * first.width();
        float[] data = new float[first.batch() * first.channels() * plane];
        int row = 0;
        for (Tensor band : bands) {
            int values = band.height() * band.width();
            for (int p = 0; p < band.batch() * band.channels(); p++) {
                System.arraycopy(band.data(), p * values, data, p * plane + row * band.width(), values);
            }
            row += band.height();
        }
        return new Tensor(data, first.batch(), first.channels(), height, first.width());
    }

    /**
     * Runs the whole network over a batch in tiles, from a source to a sink band by band: neither the input nor
     * the output is held whole as floats.
     *
     * @param network the compiled network
     * @param input   RGB in [0, 1], every side at least the network's minimum
     * @param styles  one embedding per image
     * @param options the tile size, where the feature maps go, the progress listener
     * @param output  receives the network's output (not cropped) band by band, top to bottom
     * @throws IllegalArgumentException if the input or styles do not fit the network
     * @throws CancellationException    if the thread is interrupted; its interrupt flag is set again
     * @throws UncheckedIOException     if a spilled map cannot be written or read (a full disk)
     */
    public static void run(CompiledNetwork network, BandSource input, List<StyleEmbedding> styles,
                           TileOptions options, BandSink output) {
        checkSize(network.plan(), input);
        if (styles.size() != input.batch()) {
            throw new IllegalArgumentException("one style embedding per image is needed: " + input.batch()
                    + " images, " + styles.size() + " embeddings");
        }
        run(new TiledExecution(network, styles, null, null, options, input.height(), input.width()), input, output);
    }

    /**
     * Runs the whole network over a batch in tiles with a style mask, from a source to a sink band by band, as
     * {@link CompiledNetwork#forward(Tensor, StyleMask, List)} computes it.
     *
     * @param network    the compiled network
     * @param input      RGB in [0, 1], of the mask's size, every side at least the network's minimum
     * @param mask       which style goes where
     * @param maskStyles the embedding of each of {@link StyleMask#styles()}, in that order
     * @param options    the tile size, where the feature maps go, the progress listener
     * @param output     receives the network's output (not cropped) band by band, top to bottom
     * @throws IllegalArgumentException if the input, the mask or the styles do not fit the network
     * @throws CancellationException    if the thread is interrupted; its interrupt flag is set again
     * @throws UncheckedIOException     if a spilled map cannot be written or read (a full disk)
     */
    public static void run(CompiledNetwork network, BandSource input, StyleMask mask,
                           List<StyleEmbedding> maskStyles, TileOptions options, BandSink output) {
        StyleBatch.checkMask(mask, maskStyles, input.height(), input.width());
        checkSize(network.plan(), input);
        // The layers alone need an embedding per image only to be checked; the mask's styles normalise.
        List<StyleEmbedding> perImage = Collections.nCopies(input.batch(), maskStyles.get(0));
        run(new TiledExecution(network, perImage, mask, maskStyles, options, input.height(), input.width()), input,
                output);
    }

    private static void checkSize(NetworkPlan plan, BandSource input) {
        int minimum = plan.minimumInputSize();
        if (input.height() < minimum || input.width() < minimum) {
            throw new IllegalArgumentException("the network needs a side of at least " + minimum + ", got "
                    + input.width() + "x" + input.height());
        }
    }

    private static void run(TiledExecution execution, BandSource input, BandSink output) {
        try {
            execution.run(input, output);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ClosedByInterruptException) {
                throw cancelled();
            }
            throw e;
        }
    }

    private void run(BandSource input, BandSink output) {
        // closed after the maps are, in runLayers's finally
        try (MapStorage storage = options.spillFolder() != null ? new SpillFiles(options.spillFolder())
                : new MapMemory(TilePlan.largestMapBytes(plan.spec(), input.batch(), input.height(), input.width()))) {
            this.storage = storage;
            runLayers(input, output);
        }
    }

    private void runLayers(BandSource input, BandSink output) {
        FeatureStore x = new SourceStore(input);
        FeatureStore blockInput = null;
        try (ReadAhead reader = new ReadAhead(); WriteBehind writer = new WriteBehind()) {
            this.reader = reader;
            this.writer = writer;
            for (PlannedLayer layer : plan.layers()) {
                if (layer.keepInput()) {
                    blockInput = x;
                }
                double[][] moments = new double[2][];
                FeatureStore y = convolve(layer, x, moments);
                if (x != blockInput) {
                    x.close();
                }
                double count = (double) y.height() * y.width();
                float[] gamma = batch.gamma(layer.index());
                float[] beta = batch.beta(layer.index());
                Activation activation = layer.layer().activation();
                if (mask != null) {
                    // Per position: normalised in a pass of its own, the mask's weights made once per band.
                    Normalization normalization = Normalization.masked(moments[0], moments[1], count,
                            y.channels(), gamma, beta, activation);
                    maskedPass(y, normalization, layer.joins() ? blockInput : null,
                            plan.inputPixelsPerPixel(layer.index()));
                    if (layer.joins()) {
                        blockInput.close();
                        blockInput = null;
                    }
                    x = y;
                    continue;
                }
                Normalization normalization = Normalization.of(moments[0], moments[1], count, gamma, beta,
                        activation);
                if (layer.joins()) {
                    // The block's output is the next block's input too: made once, here, or views would nest.
                    join(y, normalization, blockInput);
                    blockInput.close();
                    blockInput = null;
                    x = y;
                } else {
                    x = new NormalizedStore(y, normalization);
                }
            }
            emit(x, output);
            options.progress().accept(1.0);
        } finally {
            x.close();
            if (blockInput != null && blockInput != x) {
                blockInput.close();
            }
        }
    }

    /** Hands the last map to the sink in bands of whole rows, every plane of a band together. */
    private static void emit(FeatureStore y, BandSink output) {
        int rows = Math.max(1, Math.min(y.height(), BAND_VALUES / y.width()));
        for (int y0 = 0; y0 < y.height(); y0 += rows) {
            int y1 = Math.min(y.height(), y0 + rows);
            output.accept(y.read(new Span(y0, y1, 0), new Span(0, y.width(), 0)), y0);
        }
    }

    /**
     * The layer's convolution over every output tile, into a new map; {@code moments} receives per plane the sum
     * and the sum of squares of the whole map. The map is read and written in bands of whole rows (a spilled map's
     * plane is then one run of its file per band); the engine gets the band in tiles as wide as the options allow,
     * which keep its buffers small (TensorFlow is slower on large ones).
     */
    private FeatureStore convolve(PlannedLayer layer, FeatureStore x, double[][] moments) {
        ConvLayer conv = layer.layer();
        LayerRange range = plan.layer(layer.index(), false);
        int height = conv.outputSize(x.height());
        int width = conv.outputSize(x.width());
        double layerWork = conv.flops(x.height(), x.width());
        FeatureStore y = storage.map(x.batch(), conv.outChannels(), height, width);
        double[] sum = new double[x.batch() * conv.outChannels()];
        double[] squares = new double[sum.length];
        Span allColumns = Span.of(conv, 0, width, x.width());
        int columns = columns(conv, Math.min(options.tileHeight(), height), width);
        int step = options.tileHeight();
        try {
            reader.start(() -> x.read(Span.of(conv, 0, Math.min(height, step), x.height()), allColumns));
            for (int y0 = 0; y0 < height; y0 += step) {
                int y1 = Math.min(height, y0 + step);
                Span rows = Span.of(conv, y0, y1, x.height());
                Tensor band = reader.take();
                if (y1 < height) {
                    Span next = Span.of(conv, y1, Math.min(height, y1 + step), x.height());
                    reader.start(() -> x.read(next, allColumns));
                }
                Tensor out = new Tensor(new float[x.batch() * conv.outChannels() * (y1 - y0) * width], x.batch(),
                        conv.outChannels(), y1 - y0, width);
                for (int x0 = 0; x0 < width; x0 += columns) {
                    if (Thread.interrupted()) {
                        throw cancelled();
                    }
                    int x1 = Math.min(width, x0 + columns);
                    Span cols = Span.of(conv, x0, x1, x.width());
                    Tensor tile = network.forward(range, Bands.columns(band, cols.from(), cols.to()), styles);
                    Bands.place(tile, rows.skip(), cols.skip(), out, x0, x1 - x0);
                    work += layerWork * (y1 - y0) * (x1 - x0) / ((double) height * width);
                    options.progress().accept(Math.min(work / totalWork, 1.0));
                }
                int from = y0;
                int to = y1;
                writer.submit(() -> {
                    y.write(out, 0, 0, from, to, 0, width);
                    accumulate(out, sum, squares);
                });
            }
            writer.await();
        } catch (RuntimeException | Error e) {
            reader.close();
            writer.close();
            y.close();
            throw e;
        }
        moments[0] = sum;
        moments[1] = squares;
        return y;
    }

    /** The widest tiles of this layer within the options' width and values, at least 1. */
    private int columns(ConvLayer conv, int rows, int width) {
        int limit = Math.min(options.tileWidth(), width);
        if (TilePlan.layerValues(conv, rows, limit) <= options.tileValues()) {
            return limit;
        }
        int low = 1;
        int high = limit;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (TilePlan.layerValues(conv, rows, mid) <= options.tileValues()) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static CancellationException cancelled() {
        Thread.currentThread().interrupt();
        return new CancellationException("the tiled call was interrupted");
    }

    /** Adds each plane's sum and sum of squares over the band. */
    private static void accumulate(Tensor band, double[] sum, double[] squares) {
        float[] data = band.data();
        int values = band.height() * band.width();
        IntStream.range(0, band.batch() * band.channels()).parallel().forEach(plane -> {
            // sums in double, two of each: exact enough for any picture, and not one long chain of dependent adds
            double s0 = 0;
            double s1 = 0;
            double q0 = 0;
            double q1 = 0;
            int i = plane * values;
            int end = i + values;
            for (; i + 1 < end; i += 2) {
                double u = data[i];
                double v = data[i + 1];
                s0 += u;
                s1 += v;
                q0 += u * u;
                q1 += v * v;
            }
            if (i < end) {
                double u = data[i];
                s0 += u;
                q0 += u * u;
            }
            sum[plane] += s0 + s1;
            squares[plane] += q0 + q1;
        });
    }

    /**
     * A masked layer's map normalised and activated in place, band by band, the block's input added if
     * {@code residual} is not null; each band's weights are made once for all its planes.
     */
    private void maskedPass(FeatureStore y, Normalization normalization, FeatureStore residual, int factor) {
        int width = y.width();
        int rows = Math.max(1, Math.min(y.height(), BAND_VALUES / width));
        Span columns = new Span(0, width, 0);
        for (int y0 = 0; y0 < y.height(); y0 += rows) {
            if (Thread.interrupted()) {
                throw cancelled();
            }
            int y1 = Math.min(y.height(), y0 + rows);
            Span band = new Span(y0, y1, 0);
            Tensor values = y.read(band, columns);
            float[] data = values.data();
            normalization.applyMasked(data, y.batch() * y.channels(), mask.styleWeights(factor, y0, y1, width),
                    (y1 - y0) * width);
            if (residual != null) {
                float[] join = residual.read(band, columns).data();
                for (int j = 0; j < data.length; j++) {
                    data[j] += join[j];
                }
            }
            y.write(values, 0, 0, y0, y1, 0, width);
        }
    }

    /**
     * The last layer of a residual block: normalised and activated, and the block's input added; in place, band by
     * band, the planes in parallel.
     */
    private static void join(FeatureStore y, Normalization normalization, FeatureStore residual) {
        int channels = y.channels();
        int rows = Math.max(1, Math.min(y.height(), BAND_VALUES / y.width()));
        IntStream.range(0, y.batch() * channels).parallel().forEach(plane -> {
            int n = plane / channels;
            int c = plane % channels;
            float[] band = new float[rows * y.width()];
            float[] join = new float[band.length];
            for (int y0 = 0; y0 < y.height(); y0 += rows) {
                int y1 = Math.min(y.height(), y0 + rows);
                int values = (y1 - y0) * y.width();
                y.readRows(n, c, y0, y1, band);
                normalization.apply(plane, band, 0, values);
                residual.readRows(n, c, y0, y1, join);
                for (int j = 0; j < values; j++) {
                    band[j] += join[j];
                }
                y.writeRows(n, c, y0, y1, band);
            }
        });
    }
}
