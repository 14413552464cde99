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
import io.pastiche.tensor.ChannelsLast;
import io.pastiche.tensor.ParallelRuns;
import io.pastiche.tensor.Tensor;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs a compiled network over a picture in tiles, layer by layer, with the whole picture's result. For each layer,
 * the engine convolves one output tile at a time ({@link NetworkPlan#layer(int, boolean) the layer alone, without
 * its normalisation}) from the input region the tile needs ({@link Span}); the per-channel sums and sums of
 * squares of the whole map are accumulated in double as the tiles come; the map is then normalised with those
 * statistics and activated as the next layer reads it ({@link NormalizedStore}), except at the end of a residual
 * block, where a pass over the map normalises it and adds the block's input. The engine never sees more than one
 * tile, and the feature maps are held in memory or spilled to temporary files ({@link TileOptions}), channels-last,
 * the layout in which each tile crosses into the engine and back, one copy each way ({@link LayerTile}).
 *
 * <p>A call interrupted ({@link Thread#interrupt()}) stops at the next tile with a {@link CancellationException}
 * and the thread's interrupt flag set; its temporary files are deleted however the call ends. Stateless and
 * thread-safe; each call uses only its own maps.
 */
public final class TiledExecution {

    /**
     * The most values (input and output) of one engine call, all images together: each of its buffers then holds
     * fewer than 2^31 bytes, the most a {@code java.nio} buffer can.
     */
    private static final long MOST_CALL_VALUES = 1L << 28;
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
        long pageBytes = MapFootprint.pageBytes(plan.spec(), input.height(), input.width());
        try (MapStorage storage = options.spillFolder() != null ? new SpillFiles(options.spillFolder(), pageBytes)
                : new MapMemory(pageBytes)) {
            this.storage = storage;
            runLayers(input, output);
        }
    }

    private void runLayers(BandSource input, BandSink output) {
        FeatureStore x = read(input);
        FeatureStore blockInput = null;
        try {
            for (PlannedLayer layer : plan.layers()) {
                if (layer.keepInput()) {
                    blockInput = x;
                }
                Convolved convolved = convolve(layer, x, x != blockInput);
                FeatureStore y = convolved.map();
                if (x != blockInput) {
                    x.close();
                }
                x = y;
                float[] gamma = batch.gamma(layer.index());
                float[] beta = batch.beta(layer.index());
                Activation activation = layer.layer().activation();
                FeatureStore residual = layer.joins() ? blockInput : null;
                if (mask != null) {
                    // Per position: normalised in a pass of its own, the mask's weights made once per band.
                    x = maskedPass(y, Normalization.masked(convolved.sums(), gamma, beta, activation), residual,
                            plan.inputPixelsPerPixel(layer.index()));
                } else {
                    Normalization normalization = Normalization.of(convolved.sums(), gamma, beta, activation);
                    // The block's output is the next block's input too: made once, here, or views would nest.
                    x = residual != null ? join(y, normalization, residual) : new NormalizedStore(y, normalization);
                }
                if (residual != null) {
                    // the block's output took the place of its input: one map fewer of storage at the call's peak
                    y.close();
                    blockInput = null;
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

    /** The call's input as the first layer's map, channels-last: the source read once, band by band. */
    private FeatureStore read(BandSource source) {
        FeatureStore x = storage.map(source.batch(), source.channels(), source.height(), source.width());
        try {
            int width = source.width();
            int rows = Math.max(1, Math.min(source.height(), BAND_VALUES / width));
            for (int y0 = 0; y0 < source.height(); y0 += rows) {
                if (Thread.interrupted()) {
                    throw cancelled();
                }
                int y1 = Math.min(source.height(), y0 + rows);
                Tensor band = source.rows(y0, y1);
                float[] values = new float[band.data().length];
                ChannelsLast.write(band, (index, chunk, length) -> System.arraycopy(chunk, 0, values, index, length));
                int run = width * band.channels();
                for (int n = 0; n < band.batch(); n++) {
                    for (int y = y0; y < y1; y++) {
                        x.writeRow(n, y, 0, width, values, (n * (y1 - y0) + y - y0) * run);
                    }
                }
            }
            return x;
        } catch (RuntimeException | Error e) {
            x.close();
            throw e;
        }
    }

    /** Hands the last map to the sink in bands of whole rows, as NCHW tensors. */
    private static void emit(FeatureStore y, BandSink output) {
        int width = y.width();
        int channels = y.channels();
        int rows = Math.max(1, Math.min(y.height(), BAND_VALUES / width));
        for (int y0 = 0; y0 < y.height(); y0 += rows) {
            int height = Math.min(y.height(), y0 + rows) - y0;
            int run = width * channels;
            float[] values = new float[y.batch() * height * run];
            int first = y0;
            ParallelRuns.forEach(y.batch() * height, (from, to) -> {
                for (int i = from; i < to; i++) {
                    y.readRow(i / height, first + i % height, 0, width, values, i * run);
                }
            });
            output.accept(ChannelsLast.read((index, chunk, length) -> System.arraycopy(values, index, chunk, 0,
                    length), y.batch(), channels, height, width), y0);
        }
    }

    /** A layer's raw output map and its moments. */
    private record Convolved(FeatureStore map, Moments sums) {
    }

    /**
     * The layer's convolution over every output tile, into a new map, with the map's moments. The engine gets the
     * map in bands of whole rows cut into tiles as wide as the options allow, which keep its buffers small; each
     * tile crosses the SPI channels-last, read from {@code x} and written into the new map in one pass each way
     * ({@link LayerTile}). If {@code x} is not read after this layer, the storage of its rows is given back band by
     * band, as the bands below no longer need them ({@link MapFootprint}).
     */
    private Convolved convolve(PlannedLayer layer, FeatureStore x, boolean releaseInput) {
        ConvLayer conv = layer.layer();
        LayerRange range = plan.layer(layer.index(), false);
        int height = conv.outputSize(x.height());
        int width = conv.outputSize(x.width());
        double layerWork = conv.flops(x.height(), x.width());
        FeatureStore y = storage.map(x.batch(), conv.outChannels(), height, width);
        Moments moments = new Moments(x.batch(), conv.outChannels(), (long) height * width);
        int columns = columns(conv, Math.min(options.tileHeight(), height), width, x.batch());
        try {
            for (int y0 = 0; y0 < height; y0 += options.tileHeight()) {
                int y1 = Math.min(height, y0 + options.tileHeight());
                Span rows = Span.of(conv, y0, y1, x.height());
                for (int x0 = 0; x0 < width; x0 += columns) {
                    if (Thread.interrupted()) {
                        throw cancelled();
                    }
                    int x1 = Math.min(width, x0 + columns);
                    network.forward(range, new LayerTile(x, rows, Span.of(conv, x0, x1, x.width()), y, y0, y1, x0, x1,
                            moments), styles);
                    work += layerWork * (y1 - y0) * (x1 - x0) / ((double) height * width);
                    options.progress().accept(Math.min(work / totalWork, 1.0));
                }
                if (releaseInput && y1 < height) {
                    // rows above the next band's input are read no more: their pages take this layer's next rows
                    x.release(Span.of(conv, y1, Math.min(height, y1 + options.tileHeight()), x.height()).from());
                }
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
        return new Convolved(y, moments);
    }

    /**
     * The widest tiles of this layer within the options' width and values, at least 1, and within
     * {@value #MOST_CALL_VALUES} values for all the images of a call together.
     */
    private int columns(ConvLayer conv, int rows, int width, int batch) {
        long values = Math.min(options.tileValues(), MOST_CALL_VALUES / batch);
        int limit = Math.min(options.tileWidth(), width);
        if (TilePlan.layerValues(conv, rows, limit) <= values) {
            return limit;
        }
        int low = 1;
        int high = limit;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (TilePlan.layerValues(conv, rows, mid) <= values) {
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

    /**
     * A masked layer's map normalised and activated band by band, the block's input added if {@code residual} is
     * not null; each band's weights are made once for all its images.
     *
     * @return the map that holds the result: {@code y}, or the residual's storage if there is a residual
     */
    private FeatureStore maskedPass(FeatureStore y, Normalization normalization, FeatureStore residual, int factor) {
        FeatureStore into = residual == null ? y : storage(residual);
        int width = y.width();
        int run = width * y.channels();
        int rows = Math.max(1, Math.min(y.height(), BAND_VALUES / run));
        for (int y0 = 0; y0 < y.height(); y0 += rows) {
            if (Thread.interrupted()) {
                throw cancelled();
            }
            int y1 = Math.min(y.height(), y0 + rows);
            float[] weights = mask.styleWeights(factor, y0, y1, width);
            float[] values = new float[(y1 - y0) * run];
            float[] join = residual == null ? null : new float[values.length];
            for (int n = 0; n < y.batch(); n++) {
                for (int r = y0; r < y1; r++) {
                    y.readRow(n, r, 0, width, values, (r - y0) * run);
                    if (join != null) {
                        residual.readRow(n, r, 0, width, join, (r - y0) * run);
                    }
                }
                normalization.applyMasked(n, values, weights, (y1 - y0) * width);
                if (join != null) {
                    for (int j = 0; j < values.length; j++) {
                        values[j] += join[j];
                    }
                }
                for (int r = y0; r < y1; r++) {
                    into.writeRow(n, r, 0, width, values, (r - y0) * run);
                }
            }
        }
        return into;
    }

    /**
     * The last layer of a residual block normalised and activated, and the block's input added, row by row, the
     * rows in parallel; written over the block's input, which is then no longer needed.
     *
     * @return the map that holds the result: the residual's storage
     */
    private static FeatureStore join(FeatureStore y, Normalization normalization, FeatureStore residual) {
        FeatureStore into = storage(residual);
        int height = y.height();
        int width = y.width();
        int run = width * y.channels();
        ParallelRuns.forEach(y.batch() * height, (from, to) -> {
            float[] row = new float[run];
            float[] join = new float[run];
            for (int i = from; i < to; i++) {
                int n = i / height;
                int r = i % height;
                y.readRow(n, r, 0, width, row, 0);
                normalization.apply(n, row, 0, width);
                // each row is read before it is written over, by the same thread
                residual.readRow(n, r, 0, width, join, 0);
                for (int j = 0; j < run; j++) {
                    row[j] += join[j];
                }
                into.writeRow(n, r, 0, width, row, 0);
            }
        });
        return into;
    }

    /** The writable map under a map: a normalised view's raw map, else the map itself. */
    private static FeatureStore storage(FeatureStore map) {
        return map instanceof NormalizedStore view ? view.raw() : map;
    }
}
