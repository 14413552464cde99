package io.pastiche.tiling;

import io.pastiche.network.ConvLayer;

/**
 * Along one axis, the input a layer needs for a run of its output, and where that run starts in what the engine
 * gives back. The engine upsamples and reflect-pads the input it is given; at a side where the span stops short of
 * the picture's border, that padding is wrong, and the outputs it reaches are the ones {@link #skip} drops or that
 * lie past the run. Immutable.
 *
 * @param from the first input index, inclusive
 * @param to   the last input index, exclusive
 * @param skip how many of the engine's outputs come before the run's first
 */
record Span(int from, int to, int skip) {

    /**
     * The span for outputs {@code [outFrom, outTo)} of a layer whose input has {@code inputSize} along this axis.
     *
     * <p>Output {@code o} reads the upsampled input at {@code s*o - p .. s*o - p + k - 1} (stride {@code s}, padding
     * {@code p}, kernel {@code k}); input index {@code i} upsampled by {@code u} covers {@code u*i .. u*i + u - 1}.
     * The engine's output {@code j} for an input starting at {@code from} is output {@code j + u*from/s} of the
     * whole picture, so {@code from} is moved back until {@code u*from} is a multiple of {@code s}.
     */
    static Span of(ConvLayer layer, int outFrom, int outTo, int inputSize) {
        int k = layer.kernel();
        int s = layer.stride();
        int u = layer.upsample();
        int p = layer.padding();
        int first = Math.floorDiv(s * outFrom - p, u);
        int last = Math.floorDiv(s * (outTo - 1) - p + k - 1, u);
        int from = Math.max(0, first);
        while (u * from % s != 0) {
            from--;
        }
        int to = Math.min(inputSize, last + 1);
        return new Span(from, to, outFrom - u * from / s);
    }
}
