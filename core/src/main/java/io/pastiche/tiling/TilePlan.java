package io.pastiche.tiling;

import io.pastiche.NativeMemoryException;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * How a call fits a memory budget: whole, as one engine call, when the whole call's estimate fits; else in tiles,
 * with the picture's feature maps in memory when they fit beside the tiles, or spilled to temporary files when they
 * do not. A tiled call reads and writes its maps in bands of whole rows (a spilled map's plane is then one run of
 * its file per band) and gives the engine tiles of the band, no larger than {@value #ENGINE_TILE_VALUES} values at
 * their largest layer: measured on TensorFlow with the full-width network at 2048 x 2048 (AVX2), 64 x 512 tiles ran
 * at the whole picture's speed and 64-row bands of the whole width about 15 % slower. Immutable.
 *
 * @param tileHeight the rows of each band, and of each tile
 * @param tileWidth  the width of each tile; at least every layer's output width when a tile is the whole band
 * @param spill      whether the feature maps go to temporary files
 */
public record TilePlan(int tileHeight, int tileWidth, boolean spill) {

    /** The fewest rows, and the narrowest tile, planned: below it, the halos cost more than the tiles. */
    public static final int SMALLEST_TILE = 16;
    /** The rows of a band when memory allows: the 9 x 9 layers' halo of 8 rows then costs an eighth. */
    static final int BAND_ROWS = 64;
    /** The most values (input and output) a tile holds at its largest layer when memory allows. */
    static final long ENGINE_TILE_VALUES = 1 << 23;
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
     * @param heapRoom   the bytes the Java heap can still take: the feature maps stay on it only if they fit in half
     *                   of it
     * @return empty if the whole call fits the budget; else the tiles
     * @throws NativeMemoryException if not even bands and tiles of {@value #SMALLEST_TILE} fit, naming the smallest
     *                               budget that works
     */
    public static Optional<TilePlan> choose(NetworkSpec spec, int batch, int height, int width, long budget,
                                            long wholeBytes, long heapRoom) {
        if (wholeBytes <= budget) {
            return Optional.empty();
        }
        long maps = mapBytes(spec, batch, height, width);
        if (maps <= heapRoom / 2) {
            Optional<TilePlan> inMemory = fit(spec, batch, height, width, budget - maps, false);
            if (inMemory.isPresent()) {
                return inMemory;
            }
        }
        Optional<TilePlan> spilled = fit(spec, batch, height, width, budget, true);
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
     * The smallest memory a tiled call of this picture can run in: bands and tiles of {@value #SMALLEST_TILE}, the
     * maps spilled.
     *
     * @param spec   the network
     * @param batch  the number of images
     * @param height their height
     * @param width  their width
     * @return bytes
     */
    public static long smallestBytes(NetworkSpec spec, int batch, int height, int width) {
        return bandBytes(spec, batch, height, width, SMALLEST_TILE)
                + tileBytes(spec, batch, height, width, SMALLEST_TILE, SMALLEST_TILE);
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
     * The options to run this plan with.
     *
     * @param spillFolder where spilled maps go, if this plan spills
     * @return tiles of this plan's size, spilling to {@code spillFolder} if it spills
     */
    public TileOptions options(Path spillFolder) {
        TileOptions options = TileOptions.inMemory(tileHeight, tileWidth);
        return spill ? options.spillingTo(spillFolder) : options;
    }

    /** The tallest bands (to {@value #BAND_ROWS}) with the widest tiles within {@code bytes}; empty if none fit. */
    private static Optional<TilePlan> fit(NetworkSpec spec, int batch, int height, int width, long bytes,
                                          boolean spill) {
        int widest = widestOutput(spec, width);
        for (int rows = Math.min(BAND_ROWS, height); rows >= Math.min(SMALLEST_TILE, height); rows /= 2) {
            int r = rows;
            long band = bandBytes(spec, batch, height, width, r);
            int cols = largestSide(widest, w -> tileBytes(spec, batch, height, width, r, w) + band <= bytes
                    && tileValues(spec, height, width, r, w) <= ENGINE_TILE_VALUES);
            if (cols == 0 && tileBytes(spec, batch, height, width, r, SMALLEST_TILE) + band <= bytes) {
                cols = SMALLEST_TILE; // a small picture's tiles may hold more values than the target: no smaller
            }
            if (cols > 0) {
                return Optional.of(new TilePlan(r, cols, spill));
            }
        }
        return Optional.empty();
    }

    /** The largest width from {@value #SMALLEST_TILE} to {@code limit} that fits; 0 if not even the smallest fits. */
    private static int largestSide(int limit, IntPredicate fits) {
        int smallest = Math.min(SMALLEST_TILE, limit);
        if (!fits.test(smallest)) {
            return 0;
        }
        int best = smallest;
        for (int step = Integer.highestOneBit(limit); step >= 1; step /= 2) {
            if (best + step <= limit && fits.test(best + step)) {
                best += step;
            }
        }
        return best;
    }

    /** The widest output of any layer of a picture this wide: a tile this wide covers every layer's rows. */
    private static int widestOutput(NetworkSpec spec, int width) {
        int widest = width;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            w = conv.outputSize(w);
            widest = Math.max(widest, w);
        }
        return widest;
    }

    /** The values of a tile's padded input and output at the layer where they are most. */
    private static long tileValues(NetworkSpec spec, int height, int width, int tileHeight, int tileWidth) {
        long most = 0;
        int h = height;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            int outH = Math.min(tileHeight, conv.outputSize(h));
            int outW = Math.min(tileWidth, conv.outputSize(w));
            long inH = (long) conv.stride() * outH + conv.kernel();
            long inW = (long) conv.stride() * outW + conv.kernel();
            most = Math.max(most, inH * inW * conv.inChannels() + (long) outH * outW * conv.outChannels());
            h = conv.outputSize(h);
            w = conv.outputSize(w);
        }
        return most;
    }

    /** What one tile's engine call holds: its input and output, a few times over. */
    static long tileBytes(NetworkSpec spec, int batch, int height, int width, int tileHeight, int tileWidth) {
        return COPIES * batch * tileValues(spec, height, width, tileHeight, tileWidth) * Float.BYTES;
    }

    /** A band's input rows and output rows, whole width, on the heap. */
    static long bandBytes(NetworkSpec spec, int batch, int height, int width, int rows) {
        return batch * tileValues(spec, height, width, rows, Integer.MAX_VALUE / 4) * Float.BYTES;
    }

    /** The picture's feature maps a tiled call holds at once: a layer's input and output and a block's input. */
    static long mapBytes(NetworkSpec spec, int batch, int height, int width) {
        long largest = (long) NetworkSpec.IMAGE_CHANNELS * height * width;
        int h = height;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            h = conv.outputSize(h);
            w = conv.outputSize(w);
            largest = Math.max(largest, (long) conv.outChannels() * h * w);
        }
        return 3L * batch * largest * Float.BYTES;
    }
}
