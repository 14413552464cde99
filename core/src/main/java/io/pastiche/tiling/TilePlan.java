package io.pastiche.tiling;

import io.pastiche.NativeMemoryException;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a call fits a memory budget: whole, as one engine call, when the whole call's estimate fits; else in tiles
 * as large as fit, with the picture's feature maps in memory when they fit beside a tile, or spilled to temporary
 * files when they do not. Immutable.
 *
 * @param tileSide the side of each layer's output tiles
 * @param spill    whether the feature maps go to temporary files
 */
public record TilePlan(int tileSide, boolean spill) {

    /** The smallest tile side planned: below it, the halos cost more than the tiles. */
    public static final int SMALLEST_TILE = 16;
    /** Values the engine holds per value of a tile's output and padded input (its buffers and our copies). */
    private static final int COPIES = 3;

    /**
     * The plan for a call within a budget.
     *
     * @param spec        the network
     * @param batch       the number of images
     * @param height      their height
     * @param width       their width
     * @param budget      the bytes the call may use
     * @param wholeBytes  the estimate of the whole call (one engine call over the whole picture)
     * @param heapRoom    the bytes the Java heap can still take: the feature maps stay on it only if they fit
     *                    in half of it
     * @return empty if the whole call fits the budget; else the tiles
     * @throws NativeMemoryException if not even tiles of {@value #SMALLEST_TILE} fit, naming the smallest budget
     *                               that works
     */
    public static Optional<TilePlan> choose(NetworkSpec spec, int batch, int height, int width, long budget,
                                            long wholeBytes, long heapRoom) {
        if (wholeBytes <= budget) {
            return Optional.empty();
        }
        long maps = mapBytes(spec, batch, height, width);
        int inMemory = maps <= heapRoom / 2 ? largestTile(spec, batch, height, width, budget - maps) : 0;
        if (inMemory >= 4 * SMALLEST_TILE) {
            return Optional.of(new TilePlan(inMemory, false));
        }
        int spilled = largestTile(spec, batch, height, width, budget);
        if (spilled >= SMALLEST_TILE) {
            return Optional.of(new TilePlan(spilled, true));
        }
        long smallest = tileBytes(spec, batch, height, width, SMALLEST_TILE);
        throw new NativeMemoryException("stylizing " + batch + " image(s) of " + width + "x" + height + " pixels in "
                + "tiles needs at least " + NativeMemoryException.size(smallest) + " of memory, and the budget is "
                + NativeMemoryException.size(budget) + "; give the call a budget of at least "
                + NativeMemoryException.size(smallest) + " (LoadOptions.withMemoryBudget, the CLI's --memory)",
                smallest, null);
    }

    /**
     * The options to run this plan with.
     *
     * @param spillFolder where spilled maps go, if this plan spills
     * @return tiles of this plan's side, spilling to {@code spillFolder} if it spills
     */
    public TileOptions options(Path spillFolder) {
        TileOptions options = TileOptions.inMemory(tileSide, tileSide);
        return spill ? options.spillingTo(spillFolder) : options;
    }

    /** The largest tile side within {@code bytes}, at most the picture's largest side; 0 if none. */
    private static int largestTile(NetworkSpec spec, int batch, int height, int width, long bytes) {
        int best = 0;
        for (int side = SMALLEST_TILE; side <= Math.max(height, width) * 2; side *= 2) {
            if (tileBytes(spec, batch, height, width, side) > bytes) {
                break;
            }
            best = side;
        }
        return best;
    }

    /**
     * What one tile's engine call holds, at the layer where it is most: the tile's padded (and upsampled) input
     * and its output, a few times over.
     */
    static long tileBytes(NetworkSpec spec, int batch, int height, int width, int side) {
        long most = 0;
        int h = height;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            int outH = Math.min(side, conv.outputSize(h));
            int outW = Math.min(side, conv.outputSize(w));
            long inH = (long) conv.stride() * outH + conv.kernel();
            long inW = (long) conv.stride() * outW + conv.kernel();
            long values = inH * inW * conv.inChannels() + (long) outH * outW * conv.outChannels();
            most = Math.max(most, values);
            h = conv.outputSize(h);
            w = conv.outputSize(w);
        }
        return COPIES * batch * most * Float.BYTES;
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
