package io.pastiche.tiling;

import io.pastiche.spi.ChannelsLastTile;
import io.pastiche.tensor.ParallelRuns;

import java.nio.FloatBuffer;

/**
 * One output tile of a layer crossing the SPI: its input read from the layer's input map (normalised as that map is
 * read) straight into the engine's input, and its outputs past the engine's padding written from the engine's
 * output straight into the layer's output map, their moments added on the way. Each side is one pass of whole
 * rows over the common fork-join pool.
 */
final class LayerTile implements ChannelsLastTile {

    private final FeatureStore input;
    private final Span rows;
    private final Span cols;
    private final FeatureStore output;
    private final int y0;
    private final int y1;
    private final int x0;
    private final int x1;
    private final Moments moments;

    /**
     * @param input   the layer's input map
     * @param rows    the input rows the tile needs, and the engine's output rows before the tile's
     * @param cols    the same for columns
     * @param output  the layer's output map
     * @param y0      the tile's first output row
     * @param y1      one past its last
     * @param x0      its first output column
     * @param x1      one past its last
     * @param moments receives the sums of the tile's outputs
     */
    LayerTile(FeatureStore input, Span rows, Span cols, FeatureStore output, int y0, int y1, int x0, int x1,
              Moments moments) {
        this.input = input;
        this.rows = rows;
        this.cols = cols;
        this.output = output;
        this.y0 = y0;
        this.y1 = y1;
        this.x0 = x0;
        this.x1 = x1;
        this.moments = moments;
    }

    @Override
    public int batch() {
        return input.batch();
    }

    @Override
    public int channels() {
        return input.channels();
    }

    @Override
    public int height() {
        return rows.to() - rows.from();
    }

    @Override
    public int width() {
        return cols.to() - cols.from();
    }

    @Override
    public void write(FloatBuffer target) {
        int height = height();
        int run = width() * channels();
        ParallelRuns.forEach(batch() * height, (from, to) -> {
            float[] row = new float[run];
            for (int i = from; i < to; i++) {
                input.readRow(i / height, rows.from() + i % height, cols.from(), cols.to(), row, 0);
                target.put(i * run, row, 0, run);
            }
        });
    }

    @Override
    public void read(FloatBuffer source, int height, int width) {
        int channels = output.channels();
        int outRows = y1 - y0;
        int pixels = x1 - x0;
        int items = batch() * outRows;
        int count = ParallelRuns.count(items);
        Moments.Run[] runs = new Moments.Run[count];
        ParallelRuns.forEachRun(count, r -> {
            Moments.Run sums = moments.run();
            float[] row = new float[pixels * channels];
            for (int i = ParallelRuns.start(items, r, count); i < ParallelRuns.start(items, r + 1, count); i++) {
                int n = i / outRows;
                int y = i % outRows;
                source.get(((n * height + rows.skip() + y) * width + cols.skip()) * channels, row, 0, row.length);
                sums.add(n, row, 0, pixels);
                output.writeRow(n, y0 + y, x0, x1, row, 0);
            }
            runs[r] = sums;
        });
        // in the runs' order, whichever thread ended first: the same sums on every call
        for (Moments.Run sums : runs) {
            moments.add(sums);
        }
    }
}
