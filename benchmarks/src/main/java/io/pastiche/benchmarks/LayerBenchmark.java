package io.pastiche.benchmarks;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One convolution layer of {@code NetworkSpec.standard(1.0)} through the backend SPI, at the size it runs at for an
 * image of {@code image} pixels on a side: a {@link NetworkSpec} of that layer alone, compiled by the backend and
 * run with {@link CompiledNetwork#forward}. What is timed is the layer as the network runs it (upsampling, reflect
 * padding, the convolution, CIN with a style's gamma/beta, the activation) <em>plus a frame</em>: a spec must take
 * and give RGB, so a 1x1 convolution from RGB precedes a layer whose input is not RGB and one back to RGB follows a
 * layer whose output is not (each with its CIN), plus the engine's copies in and out. {@code variant=frame} runs
 * the frame alone (the layer replaced by a 1x1 convolution to RGB): subtract it to estimate the layer.
 *
 * <p>Defaults ({@code image=256}): contract/conv1 is the 9x9 3->32 convolution at 256x256, residual/residual1/conv1
 * the 3x3 128->128 at 64x64 (ten of them make about 60 % of the network), expand/conv1 and expand/conv2 the
 * nearest-upsample-x2-then-3x3 layers (64x64 -> 128x128, 128x128 -> 256x256).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"})
public class LayerBenchmark {

    /** A backend name as {@code Backends} knows it; benchmarks/bench passes every available one. */
    @Param({"tensorflow", "djl"})
    public String backend;

    /** A layer name of {@code NetworkSpec.standard(1.0)}. */
    @Param({"contract/conv1", "contract/conv2", "contract/conv3", "residual/residual1/conv1", "expand/conv1",
            "expand/conv2", "expand/conv3"})
    public String layer;

    /** The image side; the layer runs at the size it has inside the network for that image. */
    @Param({"256"})
    public int image;

    /** {@code layer}: the layer in its frame; {@code frame}: the frame alone, to subtract. */
    @Param({"layer", "frame"})
    public String variant;

    private Backend engine;
    private CompiledNetwork network;
    private Tensor input;
    private List<StyleEmbedding> style;

    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.LayerAt at = Fixtures.standardLayer(layer, image);
        NetworkSpec spec = Fixtures.probe(at.layer(), variant.equals("frame"));
        engine = Backends.discover().choose(backend).open();
        network = engine.compile(spec, Fixtures.weights(spec, 1));
        input = Fixtures.images(1, at.inputSide(), at.inputSide(), 2);
        style = List.of(Fixtures.styles(spec, 1, 3).get(0));
    }

    @Benchmark
    public Tensor forward() {
        return network.forward(input, style);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        network.close();
        engine.close();
    }
}
