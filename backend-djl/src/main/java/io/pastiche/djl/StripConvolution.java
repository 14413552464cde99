package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.pastiche.network.ConvLayer;
import io.pastiche.tensor.ChannelsLastPhases;
import io.pastiche.tensor.ChannelsLastRowSums;
import io.pastiche.tensor.ParallelRuns;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

/**
 * The convolution forms of CPU inference computed a strip of output rows at a time into a map the caller gives
 * ({@link MapPool}): each strip convolves a view of the input rows it needs, and its result is copied (the direct
 * form) or summed ({@link io.pastiche.plan.ConvForm#ROW_SPLIT}) or interleaved
 * ({@link io.pastiche.plan.ConvForm#UPSAMPLE_PHASES}) into its rows of the output by the same Java passes as the
 * whole-map forms. The results are those of {@link Convolution} and {@link UpsampleConvolution}; why strips:
 * {@link ConvStrips}. Every map is channels-last in memory ({@link ChannelsLast}); a strip is cut from one image,
 * where a view of its rows is channels-last contiguous, so PyTorch convolves it without a copy.
 */
final class StripConvolution {

    private StripConvolution() {
    }

    /**
     * {@link Convolution#direct} into {@code out}.
     *
     * @param padded NCHW, already padded
     * @param weight OIHW
     * @param out    {@code [B, O, H', W']}, the convolution's output shape
     */
    static void direct(ConvLayer layer, NDArray padded, NDArray weight, NDArray out, ConvStrips strips) {
        int stride = layer.stride();
        int kernel = layer.kernel();
        Shape shape = out.getShape();
        int height = Math.toIntExact(shape.get(2));
        int row = Math.toIntExact(shape.get(1) * shape.get(3));
        FloatBuffer target = ChannelsLast.memory(out);
        eachStrip(shape.get(0), height, strips.rows(row, height), (image, first, end) -> {
            int start = Math.toIntExact(((long) image * height + first) * row);
            strip(padded, image, first * stride, (end - 1) * stride + kernel, view -> {
                FloatBuffer source = result(Convolution.valid(view, weight, stride));
                // in parallel: one thread copies at well under the memory's speed
                ParallelRuns.forEach(end - first, (from, to) -> target.put(start + from * row, source, from * row,
                        (to - from) * row));
            });
        });
    }

    /**
     * {@link Convolution#rowSplit} into {@code out}.
     *
     * @param padded  NCHW, already padded
     * @param kernels {@link Convolution#rowKernels}
     * @param out     {@code [B, O, H - k + 1, W]}
     */
    static void rowSplit(ConvLayer layer, NDArray padded, NDArray kernels, NDArray out, ConvStrips strips) {
        int k = layer.kernel();
        int channels = layer.outChannels();
        Shape shape = out.getShape();
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        FloatBuffer target = ChannelsLast.memory(out);
        eachStrip(shape.get(0), height, strips.rows((long) k * channels * width, height), (image, first, end) -> {
            int start = Math.toIntExact(((long) image * height + first) * width * channels);
            int partialRows = end - first + k - 1;
            strip(padded, image, first, first + partialRows, view -> ChannelsLastRowSums.sum(
                    result(Convolution.valid(view, kernels, 1)), 0, 1, partialRows, width, k * channels, k, channels,
                    target, start));
        });
    }

    /**
     * {@link UpsampleConvolution#apply} into {@code out}.
     *
     * @param padded  NCHW, not upsampled, padded by 1 repeating its edge
     * @param kernels {@link UpsampleConvolution#kernels}
     * @param out     {@code [B, O, 2H, 2W]}
     */
    static void upsample(ConvLayer layer, NDArray padded, NDArray kernels, NDArray out, ConvStrips strips) {
        int channels = layer.outChannels();
        Shape shape = out.getShape();
        int height = Math.toIntExact(shape.get(2) / 2);
        int width = Math.toIntExact(shape.get(3) / 2);
        FloatBuffer target = ChannelsLast.memory(out);
        eachStrip(shape.get(0), height, strips.rows(4L * channels * (width + 1), height), (image, first, end) -> {
            int start = Math.toIntExact(((long) image * height + first) * 4 * width * channels);
            strip(padded, image, first, end + 2, view -> ChannelsLastPhases.interleave(
                    result(Convolution.valid(view, kernels, 1)), 0, 1, end - first, width, channels, target, start));
        });
    }

    /** One strip: rows {@code first .. end - 1} of image {@code image}. */
    @FunctionalInterface
    private interface StripRows {
        void run(int image, int first, int end);
    }

    /** Every strip of {@code rows} rows (the last may have fewer) of every image, in order. */
    private static void eachStrip(long images, int height, int rows, StripRows strip) {
        for (int image = 0; image < images; image++) {
            for (int first = 0; first < height; first += rows) {
                strip.run(image, first, Math.min(height, first + rows));
            }
        }
    }

    /**
     * Runs {@code work} on a view of rows {@code from .. to - 1} of one image of {@code x}, in a scope of its own
     * that takes every array the work makes: they are freed before the next strip, whose arrays glibc then puts
     * in the same memory.
     */
    private static void strip(NDArray x, int image, int from, int to, Consumer<NDArray> work) {
        try (NDManager scope = NDManager.subManagerOf(x)) {
            x.tempAttach(scope);
            work.accept(x.get(new NDIndex("{}:{}, :, {}:{}, :", image, image + 1, from, to)));
        }
    }

    /** A strip's result, channels-last ([1, h, w, c]). */
    private static FloatBuffer result(NDArray strip) {
        return ChannelsLast.memory(ChannelsLast.of(strip));
    }
}
