package io.pastiche.tiling;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * How a tiled call runs. Immutable.
 *
 * @param tileHeight  the height of each layer's output tiles, at least 1 (the last tile of a column may be smaller)
 * @param tileWidth   the width of each layer's output tiles, at least 1; narrower where {@code tileValues} asks
 * @param tileValues  the most values (padded input and output) the engine gets in one tile: each layer's tiles are
 *                    as wide as keep within it (and at least 1 wide); {@link Long#MAX_VALUE} for no limit
 * @param spillFolder where the feature maps go as temporary files, deleted when the call ends however it ends; null
 *                    to keep them in memory
 * @param progress    told the fraction of the work done, from 0 to 1, after every tile (weighted by each layer's
 *                    operations); called on the calling thread
 */
public record TileOptions(int tileHeight, int tileWidth, long tileValues, Path spillFolder,
                          DoubleConsumer progress) {

    /**
     * Checks the sizes.
     *
     * @param tileHeight  at least 1
     * @param tileWidth   at least 1
     * @param tileValues  at least 1
     * @param spillFolder a folder, or null
     * @param progress    not null ({@code f -> { }} for none)
     * @throws IllegalArgumentException if a size is not positive
     */
    public TileOptions {
        if (tileHeight < 1 || tileWidth < 1 || tileValues < 1) {
            throw new IllegalArgumentException("tiles need a positive size, were " + tileHeight + " x " + tileWidth
                    + " of at most " + tileValues + " values");
        }
        if (progress == null) {
            throw new IllegalArgumentException("progress must not be null");
        }
    }

    /**
     * Tiles of a size, the maps in memory, no progress.
     *
     * @param tileHeight at least 1
     * @param tileWidth  at least 1
     * @return the options
     */
    public static TileOptions inMemory(int tileHeight, int tileWidth) {
        return new TileOptions(tileHeight, tileWidth, Long.MAX_VALUE, null, fraction -> { });
    }

    /**
     * The same with the feature maps spilled to temporary files.
     *
     * @param folder where the files go (the system's temporary folder: {@code Path.of(System.getProperty
     *               ("java.io.tmpdir"))})
     * @return new options
     */
    public TileOptions spillingTo(Path folder) {
        return new TileOptions(tileHeight, tileWidth, tileValues, folder, progress);
    }

    /**
     * The same with a progress listener.
     *
     * @param listener told the fraction done after every tile
     * @return new options
     */
    public TileOptions withProgress(DoubleConsumer listener) {
        return new TileOptions(tileHeight, tileWidth, tileValues, spillFolder, listener);
    }

    /**
     * The same with each layer's tiles no larger than a number of values.
     *
     * @param values the most values (padded input and output) of one engine call, at least 1
     * @return new options
     */
    public TileOptions withTileValues(long values) {
        return new TileOptions(tileHeight, tileWidth, values, spillFolder, progress);
    }
}
