package io.pastiche.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The second half of a convolution split by kernel rows ({@link io.pastiche.plan.ConvForm#ROW_SPLIT}) on a
 * channels-last map: the {@code 1 x k} convolution gave each pixel one group of {@code O} channels per kernel row,
 * and output row {@code y} is the sum of group {@code h} of row {@code y + h} over the {@code k} groups. Engines
 * compute this sum as a {@code k x 1} convolution with a 0/1 kernel or as {@code k} shifted slices added up: the
 * first runs the engine's convolution on {@code O} (3) output channels, where it is slowest, the second makes a
 * pass per kernel row. A backend whose maps Java can reach sums in one pass with this instead. Rows are split
 * over the common fork-join pool ({@link ParallelRuns}). Stateless and thread-safe.
 */
public final class ChannelsLastRowSums {

    private ChannelsLastRowSums() {
    }

    /**
     * {@code target[b, y, x, o] = sum over h < rows of source[b, y + h, x, h * outChannels + o]}.
     *
     * @param source      the split convolution's output, {@code [B, H, W, C]} from {@code sourceStart}; channels
     *                    from {@code rows * outChannels} on are not read (an engine may round C up)
     * @param sourceStart the index of its first value
     * @param images      B
     * @param height      H, at least {@code rows}
     * @param width       W
     * @param channels    C, at least {@code rows * outChannels}
     * @param rows        the kernel's rows k
     * @param outChannels O
     * @param target      receives {@code [B, H - rows + 1, W, O]} from {@code targetStart}; not {@code source}'s
     *                    memory
     * @param targetStart the index of its first value
     * @throws IllegalArgumentException if the sizes are not positive, the map has fewer rows or channels than the
     *                                  kernel needs, or a buffer is too short
     */
    public static void sum(FloatBuffer source, int sourceStart, int images, int height, int width, int channels,
                           int rows, int outChannels, FloatBuffer target, int targetStart) {
        if (images < 1 || height < 1 || width < 1 || channels < 1 || rows < 1 || outChannels < 1
                || height < rows || channels < (long) rows * outChannels) {
            throw new IllegalArgumentException("row sums of " + images + " x " + height + " x " + width + " x "
                    + channels + " over " + rows + " kernel rows of " + outChannels + " channels: sizes must be "
                    + "positive, with at least as many rows as the kernel and " + rows + " x " + outChannels
                    + " channels");
        }
        int outHeight = height - rows + 1;
        long in = (long) images * height * width * channels;
        long out = (long) images * outHeight * width * outChannels;
        if (sourceStart < 0 || sourceStart + in > source.limit() || targetStart < 0
                || targetStart + out > target.limit()) {
            throw new IllegalArgumentException("row sums of " + images + " x " + height + " x " + width + " x "
                    + channels + " need " + in + " values from " + sourceStart + " and room for " + out + " from "
                    + targetStart + "; the buffers hold " + source.limit() + " and " + target.limit());
        }
        int rowValues = width * outChannels;
        ParallelRuns.forEach(images * outHeight, (from, to) -> {
            float[] row = new float[width * channels];
            float[][] pending = new float[rows][rowValues];
            for (int r = from; r < to; ) {
                int image = r / outHeight;
                int end = Math.min(to, (image + 1) * outHeight);
                sumRows(source, sourceStart + image * height * width * channels, r - image * outHeight,
                        end - image * outHeight, width, channels, outChannels, row, pending, target,
                        targetStart + image * outHeight * rowValues);
                r = end;
            }
        });
    }

    /**
     * Output rows {@code [first, end)} of one image. Each input row is read once, in one bulk copy, and added to
     * the up to {@code k} output rows it feeds, which wait in {@code pending} until their last row is in: reading
     * value by value from the map (k strided rows per output row) ran at an eighth of the memory's speed. Every
     * output value still sums its rows in order 0 to k - 1.
     */
    private static void sumRows(FloatBuffer source, int imageStart, int first, int end, int width, int channels,
                                int outChannels, float[] row, float[][] pending, FloatBuffer target,
                                int targetImageStart) {
        int rows = pending.length;
        int rowValues = width * outChannels;
        for (float[] sum : pending) {
            Arrays.fill(sum, 0f);
        }
        for (int in = first; in < end + rows - 1; in++) {
            source.get(imageStart + in * width * channels, row, 0, row.length);
            for (int h = Math.max(0, in - end + 1); h <= Math.min(rows - 1, in - first); h++) {
                float[] sum = pending[(in - h) % rows];
                for (int o = 0; o < outChannels; o++) {
                    int j = h * outChannels + o;
                    for (int x = 0; x < width; x++) {
                        sum[x * outChannels + o] += row[j + x * channels];
                    }
                }
            }
            int done = in - rows + 1;
            if (done >= first) {
                float[] sum = pending[done % rows];
                target.put(targetImageStart + done * rowValues, sum, 0, rowValues);
                Arrays.fill(sum, 0f);
            }
        }
    }
}
