package io.pastiche.tensorflow;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Arguments;
import io.pastiche.spi.EngineFailures;
import io.pastiche.spi.CloseGuard;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * A network spec compiled into one TensorFlow graph with its weights as constants (HWIO), and one session on it.
 * Inputs are the NCHW batch and, per CIN layer, the batch's {@code [B, C]} gamma and beta, so one graph serves
 * every style, mix and image size. It has two outputs sharing the weights: one for a single image, the common case,
 * whose normalisation needs no transposition, and one for any batch.
 *
 * <p>Thread-safe: any number of threads may call {@link #forward} at once. The graph is complete before the session
 * is created and never changes after (TensorFlow Java's {@code Session} is thread-safe as long as its graph is not
 * modified); each call owns its input and output tensors and closes them before it returns, so its native memory is
 * freed whatever happens. {@link #close()} waits for calls in flight.
 */
final class TensorflowNetwork implements CompiledNetwork {

    private final NetworkSpec spec;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final CinInputs cin;
    /** The output for a batch of one image, and for any batch (see {@link InstanceNorm}). */
    private final Operand<TFloat32> singleOutput;
    private final Operand<TFloat32> batchOutput;
    private final Consumer<TensorflowNetwork> onClose;
    /** The session is never closed under a call. */
    private final CloseGuard guard = new CloseGuard("TensorFlow network");

    /**
     * @param weights one OIHW float32 array per convolution, as the SPI gives them; copied into the graph
     * @param onClose told once when the network closes
     * @throws IllegalArgumentException naming the layer whose weights do not fit
     */
    TensorflowNetwork(NetworkSpec spec, List<float[]> weights, TensorflowRuntime runtime, Consumer<TensorflowNetwork> onClose) {
        Arguments.checkWeights(spec, weights);
        this.spec = spec;
        this.onClose = onClose;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            List<ConvLayer> layers = spec.convolutions();
            this.input = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(Shape.UNKNOWN_SIZE, layers.get(0).inChannels(), Shape.UNKNOWN_SIZE,
                            Shape.UNKNOWN_SIZE)));
            this.cin = CinInputs.create(tf, layers);
            List<Operand<TFloat32>> constants = new ArrayList<>(layers.size());
            for (int i = 0; i < layers.size(); i++) {
                ConvLayer layer = layers.get(i);
                float[] hwio = Layout.toHwio(weights.get(i), layer.outChannels(), layer.inChannels(), layer.kernel());
                constants.add(tf.constant(Shape.of(layer.kernel(), layer.kernel(), layer.inChannels(),
                        layer.outChannels()), org.tensorflow.ndarray.buffer.DataBuffers.of(hwio, true, false)));
            }
            Operand<TFloat32> images = Layout.toNhwc(tf, input);
            // Both share the input and the weight constants; a run computes only the one it fetches.
            this.singleOutput = Layout.toNchw(tf, TensorflowLayers.apply(tf, spec, images, constants, cin, true));
            this.batchOutput = Layout.toNchw(tf, TensorflowLayers.apply(tf, spec, images, constants, cin, false));
            this.session = new Session(graph, runtime.config());
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    @Override
    public Tensor forward(Tensor images, List<StyleEmbedding> styles) {
        Arguments.checkInput(spec, images, styles);
        try {
            return guard.run(() -> run(images, styles));
        } catch (TensorFlowException | OutOfMemoryError e) {
            throw EngineFailures.of("TensorFlow", images, e);
        } catch (NullPointerException e) {
            // A tensor TensorFlow could not allocate reaches Java as a null JavaCPP pointer.
            if (EngineFailures.isOutOfMemory(e)) {
                throw EngineFailures.of("TensorFlow", images, e);
            }
            throw e;
        }
    }

    /**
     * Runs one call with TensorFlow's step statistics on: the time of every operation, for {@code StepProfile}
     * (this module's test sources) and docs/backend-tensorflow.md. Not for production use: tracing slows the run.
     */
    RunMetadata trace(Tensor images, List<StyleEmbedding> styles) {
        Arguments.checkInput(spec, images, styles);
        return guard.run(() -> {
            try (Feeds feeds = new Feeds();
                 Result result = runner(feeds, images, styles).setOptions(RunOptions.newBuilder()
                         .setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build()).runAndFetchMetadata()) {
                return result.getMetadata().orElseThrow();
            }
        });
    }

    private Tensor run(Tensor images, List<StyleEmbedding> styles) {
        try (Feeds feeds = new Feeds(); Result result = runner(feeds, images, styles).run()) {
            org.tensorflow.Tensor out = result.get(0);
            long[] shape = out.shape().asArray();
            return new Tensor(Feeds.read(out), images.batch(), Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                    Math.toIntExact(shape[3]));
        }
    }

    /** A run of this call: its images and styles fed (into {@code feeds}), the output that fits its batch fetched. */
    private Session.Runner runner(Feeds feeds, Tensor images, List<StyleEmbedding> styles) {
        Session.Runner runner = session.runner().feed(input, feeds.floats(images.data(), images.shape()));
        cin.feed(runner, feeds, styles);
        return runner.fetch(images.batch() == 1 ? singleOutput : batchOutput);
    }

    @Override
    public void close() {
        if (guard.close(this::release)) {
            onClose.accept(this);
        }
    }

    private void release() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
