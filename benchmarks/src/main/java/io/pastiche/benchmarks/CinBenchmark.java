package io.pastiche.benchmarks;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggLayer;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Conditional instance normalisation of 128 channels at {@code side} x {@code side} through the backend SPI, as
 * close as the SPI lets one get to the operation alone.
 *
 * <p>The SPI has no entry point for one CIN: a {@link NetworkSpec} is convolutions, each followed by its CIN, from
 * RGB to RGB. {@code variant=layer} is {@code [1x1 conv 3->128, CIN(128), ReLU, 1x1 conv 128->3, CIN(3),
 * sigmoid]}; {@code variant=frame} is {@code [1x1 conv 3->3, CIN(3), sigmoid]}. The 1x1 convolutions cost 2 x 3 x
 * 128 multiply-adds a pixel each (3 MFLOP at 64x64), small against the CIN, but the difference also holds a ReLU,
 * the 128-channel feature map's memory traffic and the engine's per-operation overhead.
 *
 * <ul>
 *   <li>{@link #forward}: {@link CompiledNetwork#forward} of that spec, one image, one style.</li>
 *   <li>{@link #forwardBackward}: {@link TrainingGraph#lossAndGradients} with {@code weightGradients = false} (what
 *       training a new style runs): the same spec forward, a one-convolution loss network (3->4 channels, its
 *       Gram and content losses), and the backward pass to every gamma and beta. The backward pass also goes
 *       through the 1x1 convolution 128->3 to its input (the gradient w.r.t. the CIN's output), as it must; the
 *       SPI cannot return d loss / d gamma without a loss network in front of it.</li>
 * </ul>
 * The plain-Java counterparts are in {@link JavaCinBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"})
public class CinBenchmark {

    /** CIN channels, as in the residual blocks. */
    public static final int CHANNELS = 128;

    @Param({"tensorflow", "djl"})
    public String backend;

    /** 64: the residual blocks of a 256x256 image; 128: those of a 512x512 image. */
    @Param({"64", "128"})
    public int side;

    /** {@code layer}: with the 128-channel CIN; {@code frame}: without, to subtract. */
    @Param({"layer", "frame"})
    public String variant;

    private Backend engine;
    private CompiledNetwork network;
    private TrainingGraph training;
    private List<float[]> weights;
    private Tensor input;
    private List<StyleEmbedding> style;
    private List<List<float[]>> targets;

    /** The spec of {@code variant}. */
    public static NetworkSpec spec(boolean frame) {
        if (frame) {
            return new NetworkSpec(List.of(new ConvLayer("probe/tail", 3, 3, 1, 1, 1, Activation.SIGMOID)));
        }
        return new NetworkSpec(List.of(
                new ConvLayer("probe/head", 3, CHANNELS, 1, 1, 1, Activation.RELU),
                new ConvLayer("probe/tail", CHANNELS, 3, 1, 1, 1, Activation.SIGMOID)));
    }

    /** A loss network of one 3x3 convolution, 3 to 4 channels (then a pooling it never reaches). */
    public static LossNetwork tinyLossNetwork() {
        VggSpec vgg = VggSpec.of("tiny", new int[] {1}, new int[] {4});
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        long seed = 10;
        for (VggLayer conv : vgg.convolutions()) {
            w.add(Fixtures.floats(conv.outChannels() * conv.inChannels() * 9, seed++));
            b.add(new float[conv.outChannels()]);
        }
        return new LossNetwork(vgg, w, b, Pooling.AVERAGE, InputNormalization.TORCHVISION);
    }

    /** Content and style on that one feature, weight 1 each, no total variation. */
    public static LossSpec tinyLoss() {
        return new LossSpec("relu1_1", 1.0, Map.of("relu1_1", 1.0), 0);
    }

    @Setup(Level.Trial)
    public void setUp() {
        NetworkSpec spec = spec(variant.equals("frame"));
        engine = Backends.discover().choose(backend).open();
        weights = Fixtures.weights(spec, 1);
        network = engine.compile(spec, weights);
        training = engine.compileTraining(spec, tinyLossNetwork(), tinyLoss());
        input = Fixtures.images(1, side, side, 2);
        style = List.of(Fixtures.styles(spec, 1, 3).get(0));
        targets = List.of(training.styleGrams(Fixtures.images(1, side, side, 4)));
    }

    @Benchmark
    public Tensor forward() {
        return network.forward(input, style);
    }

    @Benchmark
    public LossGradients forwardBackward() {
        return training.lossAndGradients(weights, input, style, targets, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        training.close();
        network.close();
        engine.close();
    }
}
