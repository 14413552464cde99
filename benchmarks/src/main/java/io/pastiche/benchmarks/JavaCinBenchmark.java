package io.pastiche.benchmarks;

import io.pastiche.network.Activation;
import io.pastiche.norm.InPlaceInstanceNorm;
import io.pastiche.norm.PerPositionAffine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plain-Java baseline of {@link CinBenchmark}: CIN of 128 channels at {@code side} x {@code side}, one thread,
 * float32 loops ({@link JavaOps}), and {@link #inPlace} and {@link #inPlaceChannelsLast} the in-place passes the
 * djl and nd4j backends use, on every core, and {@link #maskedChannelsLast} their masked pass. This is the
 * operation alone, without the frame the SPI needs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JavaCinBenchmark {

    @Param({"64", "128"})
    public int side;

    private final int channels = CinBenchmark.CHANNELS;
    private int plane;
    private float[] x;
    private float[] dy;
    private float[] gamma;
    private float[] beta;
    private float[] y;
    private float[] mean;
    private float[] invStd;
    private float[] dGamma;
    private float[] dBeta;
    private float[] dx;
    private FloatBuffer direct;
    private PerPositionAffine masked;
    private float[] maskWeights;
    private float[] maskScale;
    private float[] maskShift;

    @Setup(Level.Trial)
    public void setUp() {
        plane = side * side;
        x = Fixtures.floats(channels * plane, 1);
        dy = Fixtures.floats(channels * plane, 2);
        gamma = Fixtures.floats(channels, 3);
        beta = Fixtures.floats(channels, 4);
        y = new float[channels * plane];
        dx = new float[channels * plane];
        mean = new float[channels];
        invStd = new float[channels];
        dGamma = new float[channels];
        dBeta = new float[channels];
        direct = ByteBuffer.allocateDirect(x.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer()
                .put(0, x);
        // three styles over MaskCost's three soft-edged regions, at the map's resolution
        masked = new PerPositionAffine(Fixtures.floats(3 * channels, 5), Fixtures.floats(3 * channels, 6), 3,
                Activation.RELU);
        maskWeights = MaskCost.threeRegions(side, side).feathered(Math.max(1, side / 40))
                .styleWeights(1, 0, side, side);
        maskScale = new float[channels];
        maskShift = new float[channels];
    }

    /** Forward: statistics, then scale and shift. */
    @Benchmark
    public float[] forward() {
        JavaOps.cinForward(x, channels, plane, gamma, beta, y, mean, invStd);
        return y;
    }

    /**
     * Forward with ReLU, in place over direct memory as the djl and nd4j backends run it on an engine's feature map
     * ({@link InPlaceInstanceNorm}, on the common fork-join pool: every core). Repeated on the same map, which stays
     * bounded: each pass normalises it again.
     */
    @Benchmark
    public FloatBuffer inPlace() {
        InPlaceInstanceNorm.apply(direct, 0, channels, plane, gamma, beta, Activation.RELU);
        return direct;
    }

    /**
     * The same over the map read as channels-last ({@code [1, side, side, 128]}), as the nd4j backend runs it
     * ({@link InPlaceInstanceNorm#applyChannelsLast}).
     */
    @Benchmark
    public FloatBuffer inPlaceChannelsLast() {
        InPlaceInstanceNorm.applyChannelsLast(direct, 0, 1, plane, channels, gamma, beta, Activation.RELU);
        return direct;
    }

    /**
     * A masked layer's pass channels-last, as the djl and nd4j backends run it: each channel's statistics
     * ({@link InPlaceInstanceNorm#normalizersChannelsLast}), then the scale, shift and ReLU per position
     * ({@link PerPositionAffine#applyChannelsLast}), three styles over three regions with soft borders.
     */
    @Benchmark
    public FloatBuffer maskedChannelsLast() {
        InPlaceInstanceNorm.normalizersChannelsLast(direct, 0, 1, plane, channels, maskScale, maskShift);
        masked.applyChannelsLast(direct, 0, 1, maskScale, maskShift, maskWeights, plane);
        return direct;
    }

    /** Forward, then the gradients w.r.t. gamma and beta. */
    @Benchmark
    public float[] forwardBackward() {
        JavaOps.cinForward(x, channels, plane, gamma, beta, y, mean, invStd);
        JavaOps.cinBackward(x, dy, channels, plane, gamma, mean, invStd, dGamma, dBeta, null);
        return dGamma;
    }

    /** Forward, then the gradients w.r.t. gamma, beta and the input (what training needs to continue backwards). */
    @Benchmark
    public float[] forwardBackwardWithInput() {
        JavaOps.cinForward(x, channels, plane, gamma, beta, y, mean, invStd);
        JavaOps.cinBackward(x, dy, channels, plane, gamma, mean, invStd, dGamma, dBeta, dx);
        return dx;
    }
}
