package io.pastiche.tiling;

/**
 * Per image and channel, the sum and the sum of squares of a channels-last map, in double, accumulated as its tiles
 * are written: what the whole map's normalisation needs. Runs of a pass ({@link #run()}) add on their own, and are
 * folded into the map's sums ({@link #add}) in a fixed order, so that a call's result does not depend on which
 * thread finished first. Not thread-safe; its runs may each be used by a thread of their own.
 */
final class Moments {

    /** Values per chunk of a run: whole pixels, one accumulator per value, so the loop vectorises. */
    private static final int CHUNK = 1024;

    private final int channels;
    private final double count;
    private final double[] sum;
    private final double[] squares;

    /**
     * @param batch    B
     * @param channels C
     * @param pixels   H times W: how many values each sum will hold
     */
    Moments(int batch, int channels, long pixels) {
        this.channels = channels;
        this.count = pixels;
        this.sum = new double[batch * channels];
        this.squares = new double[batch * channels];
    }

    int channels() {
        return channels;
    }

    /** The values per sum. */
    double count() {
        return count;
    }

    /** Per image and channel, of the runs added. */
    double[] sum() {
        return sum;
    }

    double[] squares() {
        return squares;
    }

    /** The sums of one run of a pass; not thread-safe: one per thread. */
    Run run() {
        return new Run();
    }

    /** Adds a run's sums into the map's. */
    void add(Run run) {
        for (int n = 0; n < run.runSum.length; n++) {
            if (run.runSum[n] == null) {
                continue;
            }
            for (int i = 0; i < run.chunk; i++) {
                sum[n * channels + i % channels] += run.runSum[n][i];
                squares[n * channels + i % channels] += run.runSquares[n][i];
            }
        }
    }

    /** One run's sums, per value of a chunk, added into the map's by {@link #add}. */
    final class Run {

        private final int chunk = Math.max(1, CHUNK / channels) * channels;
        private final double[][] runSum = new double[sum.length / channels][];
        private final double[][] runSquares = new double[runSum.length][];

        /** Adds {@code pixels} pixels of image {@code image}, channels-last from {@code from}. */
        void add(int image, float[] v, int from, int pixels) {
            if (runSum[image] == null) {
                runSum[image] = new double[chunk];
                runSquares[image] = new double[chunk];
            }
            double[] s = runSum[image];
            double[] q = runSquares[image];
            int values = pixels * channels;
            for (int start = 0; start < values; start += chunk) {
                int n = Math.min(chunk, values - start);
                int o = from + start;
                for (int i = 0; i < n; i++) {
                    double x = v[o + i];
                    s[i] += x;
                    q[i] += x * x;
                }
            }
        }
    }
}
