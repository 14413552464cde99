package io.pastiche.tensor;

import java.nio.FloatBuffer;

/**
 * The last step of an upsampling layer computed in phases ({@link io.pastiche.plan.ConvForm#UPSAMPLE_PHASES}):
 * one 2x2 convolution of the edge-padded input gives, per input position, the four output pixels
 * {@code (2i + a, 2j + b)} as four groups of channels; this copies each group to its pixel of the x2 output, for
 * channels-last maps in one pass. Engines do it as four strided copies (one per phase) over the whole output; here
 * each output row is written once, from one row of the phases. Rows are split over the common fork-join pool.
 * Stateless and thread-safe.
 */
public final class ChannelsLastPhases {

    private ChannelsLastPhases() {
    }

    /**
     * Interleaves the phases into the x2 output.
     *
     * @param phases      {@code [B, H + 1, W + 1, 4 * C]} from {@code phasesStart}: output pixel
     *                    {@code (2i + a, 2j + b)} is read at position {@code (i + a, j + b)}, channels
     *                    {@code (2a + b) * C .. (2a + b + 1) * C}
     * @param phasesStart the index of its first value
     * @param images      B
     * @param height      H, the input's height (the output's is 2H)
     * @param width       W, the input's width (the output's is 2W)
     * @param channels    C, the output's channels
     * @param output      receives {@code [B, 2H, 2W, C]} from {@code outputStart}; not {@code phases}' memory
     * @param outputStart the index of its first value
     * @throws IllegalArgumentException if a size is not positive, or either map passes its buffer's end
     */
    public static void interleave(FloatBuffer phases, int phasesStart, int images, int height, int width,
                                  int channels, FloatBuffer output, int outputStart) {
        if (images < 1 || height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("phases need positive sizes, got " + images + " x " + height + " x "
                    + width + " x " + channels);
        }
        int phaseRow = (width + 1) * 4 * channels;
        int outputRow = 2 * width * channels;
        check(phases, phasesStart, (long) images * (height + 1) * phaseRow, "phases");
        check(output, outputStart, (long) images * 2 * height * outputRow, "output");
        ParallelRuns.forEach(images * 2 * height, (first, end) -> {
            float[] source = new float[phaseRow];
            float[] target = new float[outputRow];
            for (int row = first; row < end; row++) {
                int image = row / (2 * height);
                int y = row % (2 * height);
                int a = y & 1;
                phases.get(phasesStart + (image * (height + 1) + y / 2 + a) * phaseRow, source, 0, phaseRow);
                for (int x = 0; x < 2 * width; x++) {
                    int b = x & 1;
                    System.arraycopy(source, ((x / 2 + b) * 4 + 2 * a + b) * channels, target, x * channels,
                            channels);
                }
                output.put(outputStart + row * outputRow, target, 0, outputRow);
            }
        });
    }

    private static void check(FloatBuffer buffer, int start, long values, String what) {
        if (start < 0 || start + values > buffer.limit()) {
            throw new IllegalArgumentException("the " + what + " (" + values + " values from " + start
                    + ") pass the end of a buffer of " + buffer.limit());
        }
    }
}
