package io.pastiche.tensor;

import java.util.stream.IntStream;

/**
 * Transposes between the SPI's NCHW arrays and an engine's channels-last ({@code [B, H, W, C]}) memory, in one
 * pass each way: blocks of {@value #BLOCK} positions of every channel, which stay in the cache, on the common
 * fork-join pool. The engine side is reached through {@link Sink} and {@link Source}, so that a backend transposes
 * straight into or out of its own tensor's memory, with no intermediate copy: for a tiled call, whose every tile
 * crosses the SPI, that replaces a copy and a transposition per tile by one transposing copy. Stateless and
 * thread-safe.
 */
public final class ChannelsLast {

    /** Positions per block: a block of every channel is at most 64 KB for 256 channels. */
    private static final int BLOCK = 64;

    private ChannelsLast() {
    }

    /** Where channels-last values go: an engine tensor's memory, by index from its first value. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Writes {@code length} values at {@code index}; called from several threads for disjoint ranges.
         *
         * @param index  the first value's index in the channels-last order
         * @param values the values, from index 0
         * @param length how many
         */
        void write(int index, float[] values, int length);
    }

    /** Where channels-last values come from: an engine tensor's memory, by index from its first value. */
    @FunctionalInterface
    public interface Source {
        /**
         * Reads {@code length} values from {@code index}; called from several threads.
         *
         * @param index  the first value's index in the channels-last order
         * @param values receives the values, from index 0
         * @param length how many
         */
        void read(int index, float[] values, int length);
    }

    /**
     * Writes a tensor's values channels-last.
     *
     * @param tensor the NCHW values
     * @param sink   receives them in {@code [B, H, W, C]} order
     */
    public static void write(Tensor tensor, Sink sink) {
        int channels = tensor.channels();
        int positions = tensor.height() * tensor.width();
        float[] source = tensor.data();
        for (int b = 0; b < tensor.batch(); b++) {
            int image = b * positions * channels;
            IntStream.range(0, blocks(positions)).parallel().forEach(block -> {
                int from = block * BLOCK;
                int n = Math.min(BLOCK, positions - from);
                float[] values = new float[n * channels];
                for (int c = 0; c < channels; c++) {
                    int at = image + c * positions + from;
                    for (int p = 0; p < n; p++) {
                        values[p * channels + c] = source[at + p];
                    }
                }
                sink.write(image + from * channels, values, values.length);
            });
        }
    }

    /**
     * Reads channels-last values into a new NCHW tensor.
     *
     * @param source   gives the values in {@code [B, H, W, C]} order
     * @param batch    B
     * @param channels C
     * @param height   H
     * @param width    W
     * @return the tensor
     */
    public static Tensor read(Source source, int batch, int channels, int height, int width) {
        int positions = height * width;
        float[] out = new float[Math.multiplyExact(batch, Math.multiplyExact(positions, channels))];
        for (int b = 0; b < batch; b++) {
            int image = b * positions * channels;
            IntStream.range(0, blocks(positions)).parallel().forEach(block -> {
                int from = block * BLOCK;
                int n = Math.min(BLOCK, positions - from);
                float[] values = new float[n * channels];
                source.read(image + from * channels, values, values.length);
                for (int c = 0; c < channels; c++) {
                    int at = image + c * positions + from;
                    for (int p = 0; p < n; p++) {
                        out[at + p] = values[p * channels + c];
                    }
                }
            });
        }
        return new Tensor(out, batch, channels, height, width);
    }

    private static int blocks(int positions) {
        return (positions + BLOCK - 1) / BLOCK;
    }
}
