package io.pastiche.tensorflow;

import io.pastiche.network.ConvLayer;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.ChannelsLastTile;
import io.pastiche.spi.EngineNetwork;
import io.pastiche.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * A network compiled into one TensorFlow graph with its weights as constants (HWIO), and one session on it.
 * Inputs are the NCHW batch and, per CIN layer, the batch's {@code [B, C]} gamma and beta, so one graph serves
 * every style, mix and image size. It has two outputs sharing the weights: one for a single image, the common case,
 * whose normalisation needs no transposition, and one for any batch. Any other layer range gets a graph and session
 * of its own, built at its first call and kept until the network closes: ranges are for tiled execution, which
 * calls the same few ranges again and again (channels-last, NHWC in and out, for its tiles). Calls with a style mask
 * get the whole network's graph built once more with per-position gamma and beta ({@link InstanceNorm#perPosition}),
 * at the first such call.
 *
 * <p>Thread-safe: any number of threads may call {@link #run} at once. Each graph is complete before its session is
 * created and never changes after (TensorFlow Java's {@code Session} is thread-safe as long as its graph is not
 * modified); each call owns its input and output tensors and closes them before it returns, so its native memory
 * is freed whatever happens. Core never closes this under a running call.
 */
final class TensorflowNetwork implements EngineNetwork {

    private final NetworkPlan plan;
    private final TensorflowRuntime runtime;
    /** Per layer, HWIO: a copy, for the graphs of other ranges. */
    private final List<float[]> hwio;
    private final RangeGraph whole;
    private final Map<LayerRange, RangeGraph> ranges = new ConcurrentHashMap<>();
    /** Ranges fed and fetched channels-last, for tiled calls: no transposition in the graph. */
    private final Map<LayerRange, RangeGraph> channelsLastRanges = new ConcurrentHashMap<>();
    /** The whole network with a style mask, built at the first masked call. */
    private volatile RangeGraph masked;

    /**
     * @param weights one OIHW float32 array per layer, checked by core; copied
     */
    TensorflowNetwork(NetworkPlan plan, List<float[]> weights, TensorflowRuntime runtime) {
        this.plan = plan;
        this.runtime = runtime;
        List<float[]> converted = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            ConvLayer layer = plan.layer(i).layer();
            converted.add(Layout.toHwio(weights.get(i), layer.outChannels(), layer.inChannels(), layer.kernel()));
        }
        this.hwio = List.copyOf(converted);
        this.whole = new RangeGraph(plan.all(), false, false);
    }

    @Override
    public Tensor run(LayerRange range, Tensor input, StyleBatch styles) {
        return (styles.masked() ? masked() : graph(range)).run(input, styles);
    }

    /** Core sends masks with the whole network only. */
    private RangeGraph masked() {
        RangeGraph graph = masked;
        if (graph == null) {
            synchronized (this) {
                graph = masked;
                if (graph == null) {
                    graph = new RangeGraph(plan.all(), true, false);
                    masked = graph;
                }
            }
        }
        return graph;
    }

    /**
     * Runs the whole network once with TensorFlow's step statistics on: the time of every operation, for
     * {@code StepProfile} (this module's test sources) and docs/backend-tensorflow.md. Not for production use:
     * tracing slows the run.
     */
    RunMetadata trace(Tensor images, StyleBatch styles) {
        return (styles.masked() ? masked() : whole).trace(images, styles);
    }

    private RangeGraph graph(LayerRange range) {
        if (range.equals(plan.all())) {
            return whole;
        }
        return ranges.computeIfAbsent(range, r -> new RangeGraph(r, false, false));
    }

    /**
     * Feeds the tile's input as written into the input tensor's memory and lets it read the output from the
     * fetched tensor's memory: NHWC is TensorFlow's own layout on the CPU, so the graph has no transposes and the
     * tile no copy beside the one each way.
     */
    @Override
    public void run(LayerRange range, ChannelsLastTile tile, StyleBatch styles) {
        RangeGraph graph = channelsLastRanges.computeIfAbsent(range, r -> new RangeGraph(r, false, true));
        try (Feeds feeds = new Feeds()) {
            TFloat32 input = feeds.floats(tile.batch(), tile.height(), tile.width(), tile.channels());
            tile.write(TensorMemory.floats(input));
            try (Result result = graph.runner(feeds, input, tile.batch(), styles).run()) {
                TFloat32 out = (TFloat32) result.get(0);
                long[] shape = out.shape().asArray();
                tile.read(TensorMemory.floats(out).asReadOnlyBuffer(), Math.toIntExact(shape[1]),
                        Math.toIntExact(shape[2]));
            }
        }
    }

    @Override
    public void close() {
        try {
            ranges.values().forEach(RangeGraph::close);
            ranges.clear();
            channelsLastRanges.values().forEach(RangeGraph::close);
            channelsLastRanges.clear();
            if (masked != null) {
                masked.close();
            }
        } finally {
            whole.close();
        }
    }

    /** One range's graph, its session, and its inputs and outputs. */
    private final class RangeGraph {

        private final Graph graph;
        private final Session session;
        private final Placeholder<TFloat32> input;
        private final CinInputs cin;
        /** The style weights per position, for the masked graph; else null. */
        private final MaskInputs mask;
        /** The output for a batch of one image, and for any batch (see {@link InstanceNorm}). */
        private final Operand<TFloat32> singleOutput;
        private final Operand<TFloat32> batchOutput;

        /**
         * @param channelsLast whether the input and output are NHWC, else NCHW
         */
        RangeGraph(LayerRange range, boolean masked, boolean channelsLast) {
            this.graph = new Graph();
            try {
                Ops tf = Ops.create(graph);
                long channels = plan.inputChannels(range);
                this.input = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(channelsLast
                        ? Shape.of(Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE, channels)
                        : Shape.of(Shape.UNKNOWN_SIZE, channels, Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE)));
                this.cin = CinInputs.create(tf, plan, range);
                this.mask = masked ? MaskInputs.create(tf, range) : null;
                // Only the range's layers have weights here.
                List<Operand<TFloat32>> constants = new ArrayList<>(Collections.nCopies(hwio.size(), null));
                for (int i = range.from(); i < range.to(); i++) {
                    ConvLayer layer = plan.layer(i).layer();
                    constants.set(i, tf.constant(Shape.of(layer.kernel(), layer.kernel(), layer.inChannels(),
                            layer.outChannels()), DataBuffers.of(hwio.get(i), true, false)));
                }
                Operand<TFloat32> images = channelsLast ? input : Layout.toNhwc(tf, input);
                // Both share the input and the weight constants; a run computes only the one it fetches.
                Operand<TFloat32> single = plan.walk(range, new TensorflowLayers(tf, constants, cin, mask, true),
                        images);
                Operand<TFloat32> batch = plan.walk(range, new TensorflowLayers(tf, constants, cin, mask, false),
                        images);
                this.singleOutput = channelsLast ? single : Layout.toNchw(tf, single);
                this.batchOutput = channelsLast ? batch : Layout.toNchw(tf, batch);
                this.session = new Session(graph, runtime.config());
            } catch (RuntimeException | Error e) {
                graph.close();
                throw e;
            }
        }

        Tensor run(Tensor images, StyleBatch styles) {
            try (Feeds feeds = new Feeds(); Result result = runner(feeds, images, styles).run()) {
                org.tensorflow.Tensor out = result.get(0);
                long[] shape = out.shape().asArray();
                return new Tensor(Feeds.read(out), images.batch(), Math.toIntExact(shape[1]),
                        Math.toIntExact(shape[2]), Math.toIntExact(shape[3]));
            }
        }

        RunMetadata trace(Tensor images, StyleBatch styles) {
            try (Feeds feeds = new Feeds();
                 Result result = runner(feeds, images, styles).setOptions(RunOptions.newBuilder()
                         .setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build()).runAndFetchMetadata()) {
                return result.getMetadata().orElseThrow();
            }
        }

        /** A run of one call: its images and styles fed (into {@code feeds}), the output that fits its batch. */
        private Session.Runner runner(Feeds feeds, Tensor images, StyleBatch styles) {
            return runner(feeds, feeds.floats(images.data(), images.shape()), images.batch(), styles);
        }

        /** A run of one call: its images (a tensor in {@code feeds}) and styles fed, the output that fits. */
        Session.Runner runner(Feeds feeds, TFloat32 images, int batch, StyleBatch styles) {
            Session.Runner runner = session.runner().feed(input, images);
            cin.feed(runner, feeds, styles);
            if (mask != null) {
                mask.feed(runner, feeds, styles);
            }
            return runner.fetch(batch == 1 ? singleOutput : batchOutput);
        }

        void close() {
            try {
                session.close();
            } finally {
                graph.close();
            }
        }
    }
}
