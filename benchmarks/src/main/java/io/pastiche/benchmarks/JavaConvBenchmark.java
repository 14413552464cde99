package io.pastiche.benchmarks;

import io.pastiche.network.ConvLayer;
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
 * For scale: a layer's upsampling, reflect pad and convolution in plain Java, one thread ({@link JavaOps#conv});
 * no CIN, no activation. Default: residual/residual1/conv1 (3x3 128->128 at 64x64, 1.21 GFLOP) of a 256x256 image.
 * Any layer of {@code NetworkSpec.standard(1.0)} may be named with {@code -p layer=...} (contract/conv1 is the 9x9
 * 3->32 at 256x256; the stride-2 ones read their input with a stride, which the JIT vectorises less well). Compare with {@link LayerBenchmark} of the same layer minus its
 * frame; GFLOP/s = the layer's FLOPs (docs/benchmarks.md) / the time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class JavaConvBenchmark {

    @Param({"residual/residual1/conv1"})
    public String layer;

    @Param({"256"})
    public int image;

    private ConvLayer conv;
    private int side;
    private float[] x;
    private float[] weights;

    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.LayerAt at = Fixtures.standardLayer(layer, image);
        conv = at.layer();
        side = at.inputSide();
        x = Fixtures.floats(conv.inChannels() * side * side, 1);
        weights = Fixtures.floats(conv.weightCount(), 2);
    }

    @Benchmark
    public float[] conv() {
        return JavaOps.conv(x, conv.inChannels(), side, side, weights, conv.outChannels(), conv.kernel(),
                conv.stride(), conv.upsample());
    }
}
