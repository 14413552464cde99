package io.pastiche.tiling;

import io.pastiche.NativeMemoryException;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.tensor.ParallelRuns;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a call fits a memory budget: whole, as one engine call, when the whole call's estimate fits; else in tiles,
 * with the picture's feature maps in memory when they fit beside the tiles, or spilled to temporary files when they
 * do not. A tiled call cuts each layer's output into bands of rows and each band into tiles of at most
 * {@value #ENGINE_TILE_VALUES} values, as wide as that allows (whole rows at 4096 x 4096): fewer, larger engine calls
 * are faster (docs/benchmarks.md, "Pictures of any size"), and the budget shrinks the tiles when it must. Immutable.
 *
 * @param tileHeight the rows of each band, and of each tile
 * @param tileValues the most values (padded input and output) of one tile: each layer's tiles are as wide as keep
 *                   within it, so a layer of few channels gets few, wide tiles
 * @param spill      whether the feature maps go to temporary files
 */
public record TilePlan(int tileHeight, long tileValues, boolean spill) {

    /** The fewest rows, and the narrowest tile, planned: below it, the halos cost more than the tiles. */
    public static final int SMALLEST_TILE = 16;
    /** The rows of a band when memory allows: the 9 x 9 layers' halo of 8 rows then costs an eighth. */
    static final int BAND_ROWS = 64;
    /** The most values (input and output) a tile holds at its largest layer when memory allows. */
    static final long ENGINE_TILE_VALUES = 1 << 25;
    /**
     * The most values one map of a whole call may hold, padded maps included: the engines' arrays are reached from
     * Java as one NIO buffer, and core's passes over them index with {@code int}. A larger call runs in tiles even
     * when the whole call fits the budget (32 channels at 8192 x 8192 are 2^31 values, one more than this).
     */
    static final long MOST_WHOLE_MAP_VALUES = Integer.MAX_VALUE;
    /** Values the engine holds per value of a tile's output and padded input (its buffers and our copies). */
    private static final int COPIES = 3;

    /**
     * The plan for a call within a budget.
     *
     * @param spec       the network
     * @param batch      the number of images
     * @param height     their height
     * @param width      their width
     * @param budget     the bytes the call may use
     * @param wholeBytes the estimate of the whole call (one engine call over the whole picture)
     * @param heapRoom   the bytes the Java heap can still take: the tiles are planned to fit in half of it when they
     *                   can (an engine without a channels-last path of its own holds them on the heap; the feature
     *                   maps are in native memory or on disk). It is read as the heap's size less what it holds,
     *                   garbage included, so a plan within the budget but not within this room is still made when
     *                   nothing smaller is
     * @return empty if the whole call fits the budget and its largest map {@value #MOST_WHOLE_MAP_VALUES} values;
     *         else the tiles
     * @throws NativeMemoryException if not even tiles of {@value #SMALLEST_TILE} fit, naming the smallest
     *                               budget that works
     */
    public static Optional<TilePlan> choose(NetworkSpec spec, int batch, int height, int width, long budget,
                                            long wholeBytes, long heapRoom) {
        if (wholeBytes <= budget && batch * MapFootprint.largestMapValues(spec, height, width, true)
                <= MOST_WHOLE_MAP_VALUES) {
            return Optional.empty();
        }
        long maps = mapBytes(spec, batch, height, width);
        if (maps < budget) {
            Optional<TilePlan> inMemory = fitHeap(spec, batch, height, width, budget - maps, heapRoom, false);
            if (inMemory.isPresent()) {
                return inMemory;
            }
        }
        Optional<TilePlan> spilled = fitHeap(spec, batch, height, width, budget, heapRoom, true);
        if (spilled.isPresent()) {
            return spilled;
        }
        long smallest = smallestBytes(spec, batch, height, width);
        throw new NativeMemoryException("stylizing " + batch + " image(s) of " + width + "x" + height + " pixels in "
                + "tiles needs at least " + NativeMemoryException.size(smallest) + " of memory, and the budget is "
                + NativeMemoryException.size(budget) + "; give the call a budget of at least "
                + NativeMemoryException.size(smallest) + " (LoadOptions.withMemoryBudget, the CLI's --memory)",
                smallest, null);
    }

    /**
     * The smallest memory a tiled call of this picture can run in: tiles of {@value #SMALLEST_TILE}, the maps spilled.
     *
     * @param spec   the network
     * @param batch  the number of images
     * @param height their height
     * @param width  their width
     * @return bytes
     */
    public static long smallestBytes(NetworkSpec spec, int batch, int height, int width) {
        return passBytes(spec, batch, width) + tileBytes(spec, batch, height, width, SMALLEST_TILE, SMALLEST_TILE);
    }

    /**
     * The disk a spilled call fills at most: a layer's input and output maps and a residual block's input.
     *
     * @param spec   the network
     * @param batch  the number of images
     * @param height their height
     * @param width  their width
     * @return bytes
     */
    public static long spillBytes(NetworkSpec spec, int batch, int height, int width) {
        return mapBytes(spec, batch, height, width);
    }

    /**
     * This plan with tiles of at most {@code most} values: for an engine that is faster with smaller calls
     * ({@link io.pastiche.spi.Engine#mostTileValues()}).
     *
     * @param most values, at least 1; empty for this plan as it is
     * @return a plan
     */
    public TilePlan capped(OptionalLong most) {
        return most.isPresent() && most.getAsLong() < tileValues
                ? new TilePlan(tileHeight, Math.max(1, most.getAsLong()), spill) : this;
    }

    /**
     * The options to run this plan with.
     *
     * @param spillFolder where spilled maps go, if this plan spills
     * @return tiles of this plan's size, spilling to {@code spillFolder} if it spills
     */
    public TileOptions options(Path spillFolder) {
        TileOptions options = TileOptions.inMemory(tileHeight, Integer.MAX_VALUE).withTileValues(tileValues);
        return spill ? options.spillingTo(spillFolder) : options;
    }

    /**
     * {@link #fit} within half the heap's room when a plan fits there, else within {@code bytes}: tiles on the heap
     * are large arrays, which a heap in use cannot always place.
     */
    private static Optional<TilePlan> fitHeap(NetworkSpec spec, int batch, int height, int width, long bytes,
                                              long heapRoom, boolean spill) {
        return fit(spec, batch, height, width, Math.min(bytes, heapRoom / 2), spill)
                .or(() -> fit(spec, batch, height, width, bytes, spill));
    }

    /** The tallest bands (to {@value #BAND_ROWS}) with the largest tiles within {@code bytes}; empty if none fit. */
    private static Optional<TilePlan> fit(NetworkSpec spec, int batch, int height, int width, long bytes,
                                          boolean spill) {
        for (int rows = Math.min(BAND_ROWS, height); rows >= Math.min(SMALLEST_TILE, height); rows /= 2) {
            long room = bytes - passBytes(spec, batch, width);
            long values = Math.min(ENGINE_TILE_VALUES, room / ((long) COPIES * batch * Float.BYTES));
            if (values >= tileValues(spec, height, width, rows, SMALLEST_TILE)) {
                return Optional.of(new TilePlan(rows, values, spill));
            }
        }
        return Optional.empty();
    }

    /**
     * The values of a tile of {@code rows x cols} outputs of one layer and the input they read (the upsampled
     * layers' input counted as if not upsampled: an upper bound).
     *
     * @param conv the layer
     * @param rows the tile's output rows
     * @param cols the tile's output columns
     * @return values
     */
    public static long layerValues(ConvLayer conv, int rows, int cols) {
        long inH = (long) conv.stride() * rows + conv.kernel();
        long inW = (long) conv.stride() * cols + conv.kernel();
        return inH * inW * conv.inChannels() + (long) rows * cols * conv.outChannels();
    }

    /** The values of a tile's padded input and output at the layer where they are most. */
    private static long tileValues(NetworkSpec spec, int height, int width, int tileHeight, int tileWidth) {
        long most = 0;
        int h = height;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            most = Math.max(most, layerValues(conv, Math.min(tileHeight, conv.outputSize(h)),
                    Math.min(tileWidth, conv.outputSize(w))));
            h = conv.outputSize(h);
            w = conv.outputSize(w);
        }
        return most;
    }

    /** What one tile's engine call holds: its input and output, a few times over. */
    static long tileBytes(NetworkSpec spec, int batch, int height, int width, int tileHeight, int tileWidth) {
        return COPIES * batch * tileValues(spec, height, width, tileHeight, tileWidth) * Float.BYTES;
    }

    /**
     * The rows the passes over whole maps hold at once (the residual joins: a row and the block input's row per run
     * of the common pool), at the layer whose rows are largest.
     */
    static long passBytes(NetworkSpec spec, int batch, int width) {
        return 2L * ParallelRuns.count(Integer.MAX_VALUE) * batch * MapFootprint.largestRowValues(spec, width)
                * Float.BYTES;
    }

    /** The storage a tiled call's feature maps take at most, in memory or on disk, in bands of the most rows. */
    static long mapBytes(NetworkSpec spec, int batch, int height, int width) {
        return MapFootprint.bytes(spec, batch, height, width, BAND_ROWS);
    }
}
