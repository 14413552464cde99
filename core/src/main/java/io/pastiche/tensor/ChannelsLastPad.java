package io.pastiche.tensor;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Reflect or edge padding of a channels-last map ({@code [B, H, W, C]}) from one buffer into another, in one pass:
 * each padded row is a copy of the row it mirrors, then its border pixels. Engines without such a padding build it
 * from several operations (a zero-filled copy, then the borders written over it, each from a flipped copy); a
 * backend whose maps Java can reach pads with this instead. Rows are split over the common fork-join pool.
 * Stateless and thread-safe.
 */
public final class ChannelsLastPad {

    /** What a border repeats. */
    public enum Mode {
        /** The map mirrored without its edge: {@code c b | a b c | b a} (TensorFlow's {@code REFLECT}). */
        REFLECT,
        /** The edge itself: {@code a a | a b c | c c}; by 1, reflect padding of the map upsampled x2. */
        EDGE
    }

    private ChannelsLastPad() {
    }

    /**
     * Pads every image of a map by {@code padding} on each side.
     *
     * @param source      the map, {@code [B, H, W, C]} from {@code sourceStart}
     * @param sourceStart the index of its first value
     * @param images      B
     * @param height      H
     * @param width       W
     * @param channels    C
     * @param padding     pixels added on each side, at least 0; for {@link Mode#REFLECT} less than H and W
     * @param mode        what the borders repeat
     * @param target      receives {@code [B, H + 2p, W + 2p, C]} from {@code targetStart}; not {@code source}'s
     *                    memory
     * @param targetStart the index of its first value
     * @throws IllegalArgumentException if the sizes are not positive, the padding does not fit the map, or a
     *                                  buffer is too short
     */
    public static void pad(FloatBuffer source, int sourceStart, int images, int height, int width, int channels,
                           int padding, Mode mode, FloatBuffer target, int targetStart) {
        if (images < 1 || height < 1 || width < 1 || channels < 1 || padding < 0) {
            throw new IllegalArgumentException("padding " + padding + " of " + images + " x " + height + " x " + width
                    + " x " + channels + ": sizes must be positive and the padding at least 0");
        }
        if (mode == Mode.REFLECT && padding >= Math.min(height, width)) {
            throw new IllegalArgumentException("reflect padding " + padding + " needs a side of at least "
                    + (padding + 1) + ", got " + height + "x" + width);
        }
        int paddedHeight = height + 2 * padding;
        int paddedWidth = width + 2 * padding;
        long in = (long) images * height * width * channels;
        long out = (long) images * paddedHeight * paddedWidth * channels;
        if (sourceStart < 0 || sourceStart + in > source.limit() || targetStart < 0
                || targetStart + out > target.limit()) {
            throw new IllegalArgumentException("padding " + images + " x " + height + " x " + width + " x " + channels
                    + " by " + padding + " needs " + in + " values from " + sourceStart + " and room for " + out
                    + " from " + targetStart + "; the buffers hold " + source.limit() + " and " + target.limit());
        }
        int row = width * channels;
        int paddedRow = paddedWidth * channels;
        IntStream.range(0, images * paddedHeight).parallel().forEach(r -> {
            int image = r / paddedHeight;
            int from = sourceStart + (image * height + mirror(r % paddedHeight - padding, height, mode)) * row;
            int to = targetStart + r * paddedRow;
            target.put(to + padding * channels, source, from, row);
            for (int j = 0; j < padding; j++) {
                target.put(to + j * channels, source, from + mirror(j - padding, width, mode) * channels, channels);
                target.put(to + (padding + width + j) * channels, source,
                        from + mirror(width + j, width, mode) * channels, channels);
            }
        });
    }

    /** The source index a padded index {@code i} (from -padding to n + padding - 1) repeats. */
    private static int mirror(int i, int n, Mode mode) {
        if (i < 0) {
            return mode == Mode.REFLECT ? -i : 0;
        }
        if (i >= n) {
            return mode == Mode.REFLECT ? 2 * n - 2 - i : n - 1;
        }
        return i;
    }
}
