package io.pastiche.spi;

import java.nio.FloatBuffer;

/**
 * One call of a layer range on a channels-last map ({@code [B, H, W, C]} in memory), whose values the caller writes
 * straight into the engine's input and reads straight out of the engine's output: tiled execution crosses the SPI
 * once per tile and layer, and this makes each crossing one copy each way, with no NCHW array and no transposition
 * between (docs/architecture.md, "Tiled execution"). An engine whose maps are channels-last hands over its own
 * memory; {@link EngineNetwork#run(io.pastiche.plan.LayerRange, ChannelsLastTile, io.pastiche.plan.StyleBatch) the
 * default} hands over a Java buffer and transposes.
 */
public interface ChannelsLastTile {

    /**
     * B.
     *
     * @return the images, at least 1
     */
    int batch();

    /**
     * C of the input: the range's input channels.
     *
     * @return the channels, at least 1
     */
    int channels();

    /**
     * H of the input.
     *
     * @return the rows, at least the range's minimum side
     */
    int height();

    /**
     * W of the input.
     *
     * @return the columns, at least the range's minimum side
     */
    int width();

    /**
     * Writes the input. May split the work over the common fork-join pool.
     *
     * @param input room for {@code [B, H, W, C]} values from index 0; its position and limit are not used
     */
    void write(FloatBuffer input);

    /**
     * Reads the output, before the engine frees it. May split the work over the common fork-join pool.
     *
     * @param output {@code [B, height, width, C_out]} from index 0, read-only for the caller
     * @param height the output's H
     * @param width  the output's W
     */
    void read(FloatBuffer output, int height, int width);
}
