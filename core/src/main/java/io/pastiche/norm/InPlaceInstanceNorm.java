package io.pastiche.norm;

import io.pastiche.network.Activation;
import io.pastiche.tensor.ParallelRuns;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Conditional instance normalisation with its activation, in place, in plain Java over feature-map memory an
 * engine lends: per plane, one read for the mean and variance and one read and write for
 * {@code activation(gamma * (v - mean) / sqrt(var + eps) + beta)}. Built from an engine's operations the same is
 * four to six passes over the whole map (statistics, a normalised copy, the scale, the shift, the activation), each
 * larger than the cache; here a plane is read twice, the second time from the cache when it fits there (a 512 x 512
 * plane is 1 MB), and written once.
 *
 * <p>The statistics are summed in double precision with the plane's first value subtracted (which keeps the
 * variance exact for maps whose mean is far from zero), and gamma folds into one scale per plane. For inference
 * only: nothing is kept for a backward pass. Stateless and thread-safe.
 */
public final class InPlaceInstanceNorm {

    /** Values copied out of the buffer at a time, into an array, whose loops HotSpot vectorises. */
    private static final int CHUNK = 4096;
    /**
     * The same for a channels-last pass, whose loops walk four arrays of a chunk's length at once (the values, and
     * the mean, scale and shift or the origin and two sums repeated per position): 512 keeps them within a core's
     * first-level cache, where 4096 did not; JMH's {@code JavaCinBenchmark.inPlaceChannelsLast} (128 channels) ran
     * 20-30 % faster at 256 x 256 and 512 x 512 (docs/benchmarks.md).
     */
    private static final int CHANNELS_LAST_CHUNK = 512;
    /** Chunks whose float sums a channels-last pass adds up before it folds them into double. */
    private static final int FOLD = 64;

    private InPlaceInstanceNorm() {
    }

    /**
     * Normalises, scales, shifts and activates every plane of a map, in place. Plane {@code q} (image
     * {@code q / C}, channel {@code q % C}) holds {@code positions} values from {@code start + q * positions}.
     * Planes are spread over the common fork-join pool.
     *
     * @param data       the values, planes one after another
     * @param start      the index in {@code data} of plane 0's first value
     * @param planes     how many planes: images times C
     * @param positions  values per plane, at least 1
     * @param gamma      per plane (image-major, {@code [B, C]}), at least {@code planes} values
     * @param beta       the same layout
     * @param activation the layer's activation
     * @throws IllegalArgumentException if gamma or beta is shorter than the planes, or the planes pass the buffer's
     *                                  end
     */
    public static void apply(FloatBuffer data, int start, int planes, int positions, float[] gamma, float[] beta,
                             Activation activation) {
        check(data, start, planes, positions, gamma.length, beta.length);
        forEachPlane(planes, positions, (q, chunk) -> {
            int at = start + q * positions;
            double[] statistics = statistics(data, at, positions, chunk);
            affine(data, at, positions, chunk, (float) statistics[0], (float) (gamma[q] * statistics[1]), beta[q],
                    activation);
        });
    }

    /**
     * Per plane, the scale {@code 1 / sqrt(var + eps)} and the shift {@code -mean * scale} that normalise it:
     * the statistics alone, for a pass that applies them itself ({@link PerPositionAffine}). Planes as in
     * {@link #apply}; the data is only read.
     *
     * @param data      the values, planes one after another
     * @param start     the index in {@code data} of plane 0's first value
     * @param planes    how many planes: images times C
     * @param positions values per plane, at least 1
     * @param scale     receives a value per plane
     * @param shift     receives a value per plane
     * @throws IllegalArgumentException as {@link #apply} does
     */
    public static void normalizers(FloatBuffer data, int start, int planes, int positions, float[] scale,
                                   float[] shift) {
        check(data, start, planes, positions, scale.length, shift.length);
        forEachPlane(planes, positions, (q, chunk) -> {
            double[] statistics = statistics(data, start + q * positions, positions, chunk);
            scale[q] = (float) statistics[1];
            shift[q] = (float) (-statistics[0] * statistics[1]);
        });
    }

    /**
     * The same for a channels-last map ({@code [B, H, W, C]}, an engine's NHWC layout): image {@code b}'s value of
     * channel {@code c} at position {@code p} is at {@code start + (b * positions + p) * channels + c}. Per image,
     * one read for every channel's statistics and one read and write for the rest, each split by positions over
     * the common fork-join pool; the statistics are summed in double with the first position's value of each
     * channel subtracted, as for planes.
     *
     * @param data       the values
     * @param start      the index in {@code data} of image 0's first value
     * @param images     B
     * @param positions  H times W, at least 1
     * @param channels   C, at least 1
     * @param gamma      per image and channel ({@code [B, C]}), at least {@code B * C} values
     * @param beta       the same layout
     * @param activation the layer's activation
     * @throws IllegalArgumentException if gamma or beta is too short, or the map passes the buffer's end
     */
    public static void applyChannelsLast(FloatBuffer data, int start, int images, int positions, int channels,
                                         float[] gamma, float[] beta, Activation activation) {
        checkChannelsLast(data, start, images, positions, channels, gamma.length, beta.length);
        int perChunk = perChunk(channels);
        int runs = runs(positions, perChunk);
        for (int b = 0; b < images; b++) {
            int at = start + b * positions * channels;
            double[][] statistics = channelStatistics(data, at, positions, channels, runs, perChunk);
            // per channel, repeated for every position of a chunk: the loops then read every array at the same
            // index, which HotSpot vectorises (indexed by channel beside the chunk's position, they ran 5 times
            // slower: the compiler cannot rule out that the arrays overlap)
            float[] mean = new float[perChunk * channels];
            float[] scale = new float[perChunk * channels];
            float[] shift = new float[perChunk * channels];
            for (int c = 0; c < channels; c++) {
                float m = (float) statistics[0][c];
                float a = (float) (gamma[b * channels + c] * statistics[1][c]);
                for (int p = 0; p < perChunk; p++) {
                    mean[p * channels + c] = m;
                    scale[p * channels + c] = a;
                    shift[p * channels + c] = beta[b * channels + c];
                }
            }
            IntStream.range(0, runs).parallel().forEach(run -> {
                float[] chunk = new float[perChunk * channels];
                int end = ParallelRuns.start(positions, run + 1, runs);
                for (int from = ParallelRuns.start(positions, run, runs); from < end; from += perChunk) {
                    int n = Math.min(perChunk, end - from) * channels;
                    data.get(at + from * channels, chunk, 0, n);
                    affineRepeated(chunk, n, mean, scale, shift, activation);
                    data.put(at + from * channels, chunk, 0, n);
                }
            });
        }
    }

    /**
     * Per image and channel of a channels-last map (laid out as in {@link #applyChannelsLast}), the scale
     * {@code 1 / sqrt(var + eps)} and the shift {@code -mean * scale} that normalise it, for
     * {@link PerPositionAffine#applyChannelsLast}. The data is only read.
     *
     * @param data      the values
     * @param start     the index in {@code data} of image 0's first value
     * @param images    B
     * @param positions H times W, at least 1
     * @param channels  C, at least 1
     * @param scale     receives {@code B * C} values, image-major
     * @param shift     the same
     * @throws IllegalArgumentException if scale or shift is too short, or the map passes the buffer's end
     */
    public static void normalizersChannelsLast(FloatBuffer data, int start, int images, int positions, int channels,
                                               float[] scale, float[] shift) {
        checkChannelsLast(data, start, images, positions, channels, scale.length, shift.length);
        int perChunk = perChunk(channels);
        int runs = runs(positions, perChunk);
        for (int b = 0; b < images; b++) {
            double[][] statistics = channelStatistics(data, start + b * positions * channels, positions, channels,
                    runs, perChunk);
            for (int c = 0; c < channels; c++) {
                scale[b * channels + c] = (float) statistics[1][c];
                shift[b * channels + c] = (float) (-statistics[0][c] * statistics[1][c]);
            }
        }
    }

    /** {@link #check} for a channels-last map: its planes are its images' channels. */
    private static void checkChannelsLast(FloatBuffer data, int start, int images, int positions, int channels,
                                          int gammas, int betas) {
        if (channels < 1) {
            throw new IllegalArgumentException("a channels-last map needs at least one channel, got " + channels);
        }
        check(data, start, images * channels, positions, gammas, betas);
    }

    /**
     * Whole positions per chunk of a channels-last map: at most {@value #CHANNELS_LAST_CHUNK} values, at least one
     * position.
     */
    private static int perChunk(int channels) {
        return Math.max(1, CHANNELS_LAST_CHUNK / channels);
    }

    /** Runs of positions for the common pool: no more than the chunks. */
    private static int runs(int positions, int perChunk) {
        return ParallelRuns.count((positions + perChunk - 1) / perChunk);
    }

    /** One image's per-channel mean and {@code 1 / sqrt(var + eps)}, from per-run sums on the common pool. */
    private static double[][] channelStatistics(FloatBuffer data, int at, int positions, int channels, int runs,
                                                int perChunk) {
        float[] origin = new float[channels];
        data.get(at, origin, 0, channels);
        float[] repeated = new float[perChunk * channels];
        for (int p = 0; p < perChunk; p++) {
            System.arraycopy(origin, 0, repeated, p * channels, channels);
        }
        double[][] sums = IntStream.range(0, runs).parallel()
                .mapToObj(run -> channelSums(data, at, channels, repeated, positions, run, runs, perChunk))
                .toArray(double[][]::new);
        double[] mean = new double[channels];
        double[] inverse = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double squares = 0;
            for (double[] part : sums) {
                sum += part[c];
                squares += part[channels + c];
            }
            double shiftedMean = sum / positions;
            double variance = Math.max(0, squares / positions - shiftedMean * shiftedMean);
            mean[c] = origin[c] + shiftedMean;
            inverse[c] = 1 / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON);
        }
        return new double[][] {mean, inverse};
    }

    /**
     * One run's per-channel sums of {@code v - origin} (first C values) and of their squares (next C). Each chunk
     * adds into float sums per value of the chunk (one index for every array: vectorised), which fold into double
     * every {@value #FOLD} chunks, so that no float sum holds more than {@value #FOLD} terms.
     *
     * @param origin each channel's origin, repeated for every position of a chunk
     */
    private static double[] channelSums(FloatBuffer data, int at, int channels, float[] origin, int positions,
                                        int run, int runs, int perChunk) {
        double[] sums = new double[2 * channels];
        float[] chunk = new float[perChunk * channels];
        float[] sum = new float[chunk.length];
        float[] squares = new float[chunk.length];
        int pending = 0;
        int end = ParallelRuns.start(positions, run + 1, runs);
        for (int from = ParallelRuns.start(positions, run, runs); from < end; from += perChunk) {
            int n = Math.min(perChunk, end - from) * channels;
            data.get(at + from * channels, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                float d = chunk[i] - origin[i];
                sum[i] += d;
                squares[i] += d * d;
            }
            if (++pending == FOLD) {
                fold(sum, squares, sums, channels);
                pending = 0;
            }
        }
        fold(sum, squares, sums, channels);
        return sums;
    }

    /** Adds a chunk's float sums into the per-channel double sums, and clears them. */
    private static void fold(float[] sum, float[] squares, double[] sums, int channels) {
        for (int j = 0; j < sum.length; j += channels) {
            for (int c = 0; c < channels; c++) {
                sums[c] += sum[j + c];
                sums[channels + c] += squares[j + c];
            }
        }
        Arrays.fill(sum, 0f);
        Arrays.fill(squares, 0f);
    }

    /** {@code activation((v - mean) * scale + shift)} with every array indexed alike, in place. */
    private static void affineRepeated(float[] v, int n, float[] mean, float[] scale, float[] shift,
                                       Activation activation) {
        switch (activation) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.max(0f, (v[i] - mean[i]) * scale[i] + shift[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) activation.apply((v[i] - mean[i]) * scale[i] + shift[i]);
                }
            }
            case NONE -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (v[i] - mean[i]) * scale[i] + shift[i];
                }
            }
        }
    }

    /** What is done to one plane, with a chunk-sized array to work in. */
    private interface PlaneTask {
        void run(int plane, float[] chunk);
    }

    /**
     * Runs a task for every plane on the common fork-join pool, in a few runs of consecutive planes (four per
     * thread, for balance), each with one chunk array: a chunk per plane made a few megabytes of garbage per layer.
     */
    private static void forEachPlane(int planes, int positions, PlaneTask task) {
        ParallelRuns.forEach(planes, (first, end) -> {
            float[] chunk = new float[Math.min(CHUNK, positions)];
            for (int q = first; q < end; q++) {
                task.run(q, chunk);
            }
        });
    }

    private static void check(FloatBuffer data, int start, int planes, int positions, int gammas, int betas) {
        if (positions < 1 || gammas < planes || betas < planes) {
            throw new IllegalArgumentException("an instance norm of " + planes + " planes needs a gamma and a beta per "
                    + "plane and at least one position, got " + gammas + ", " + betas + " and " + positions);
        }
        if (start < 0 || start + (long) planes * positions > data.limit()) {
            throw new IllegalArgumentException(planes + " planes of " + positions + " values from " + start
                    + " pass the end of a buffer of " + data.limit());
        }
    }

    /** The plane's mean and {@code 1 / sqrt(var + eps)}. */
    private static double[] statistics(FloatBuffer data, int at, int positions, float[] chunk) {
        double origin = data.get(at);
        // four sums of each kind: independent additions, which the processor overlaps
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        for (int from = 0; from < positions; from += chunk.length) {
            int n = Math.min(chunk.length, positions - from);
            data.get(at + from, chunk, 0, n);
            int j = 0;
            for (; j + 3 < n; j += 4) {
                double d0 = chunk[j] - origin;
                double d1 = chunk[j + 1] - origin;
                double d2 = chunk[j + 2] - origin;
                double d3 = chunk[j + 3] - origin;
                s0 += d0;
                s1 += d1;
                s2 += d2;
                s3 += d3;
                q0 += d0 * d0;
                q1 += d1 * d1;
                q2 += d2 * d2;
                q3 += d3 * d3;
            }
            for (; j < n; j++) {
                double d = chunk[j] - origin;
                s0 += d;
                q0 += d * d;
            }
        }
        double shiftedMean = (s0 + s1 + s2 + s3) / positions;
        double variance = Math.max(0, (q0 + q1 + q2 + q3) / positions - shiftedMean * shiftedMean);
        return new double[] {origin + shiftedMean, 1 / Math.sqrt(variance + ConditionalInstanceNorm.EPSILON)};
    }

    /**
     * {@code (v - mean) * scale + beta}, not {@code v * scale + (beta - mean * scale)}: a plane of one value then
     * becomes exactly beta, where the folded form would leave the rounding of {@code mean * scale}.
     */
    private static void affine(FloatBuffer data, int at, int positions, float[] chunk, float mean, float scale,
                               float beta, Activation activation) {
        for (int from = 0; from < positions; from += chunk.length) {
            int n = Math.min(chunk.length, positions - from);
            data.get(at + from, chunk, 0, n);
            switch (activation) {
                case RELU -> {
                    for (int j = 0; j < n; j++) {
                        chunk[j] = Math.max(0f, (chunk[j] - mean) * scale + beta);
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < n; j++) {
                        chunk[j] = (float) activation.apply((chunk[j] - mean) * scale + beta);
                    }
                }
                case NONE -> {
                    for (int j = 0; j < n; j++) {
                        chunk[j] = (chunk[j] - mean) * scale + beta;
                    }
                }
            }
            data.put(at + from, chunk, 0, n);
        }
    }
}
