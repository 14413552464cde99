package io.pastiche.tensorflow;

import io.pastiche.loss.LossSpec;
import io.pastiche.loss.LossTerms;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.spi.EngineTraining;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training computation as one TensorFlow graph, built once: the style network ({@link TensorflowLayers} through
 * core's walk, the same operations as inference) with its weights as inputs fed per call (core's trainer owns and
 * updates them), the crop to the input size, the VGG loss network ({@link TensorflowLossNetwork}, weights as
 * constants) on the pastiche and on the content photos, the losses of the {@link LossSpec}
 * ({@link TensorflowLosses}), and their gradients added to the graph by {@link Graph#addGradients} (TensorFlow's
 * C++ gradients: graph mode). Gradients with respect to the weights are fetched only when asked for; TensorFlow
 * then prunes the filter-gradient operations from the run. A second input, the style image, feeds the VGG alone for
 * {@link #styleGrams}.
 *
 * <p>Each call owns its feeds and results and closes them before it returns, so its native memory is freed
 * whatever happens. Core checks the arguments and never closes this under a running call.
 */
final class TensorflowTraining implements EngineTraining {

    private final NetworkPlan plan;
    private final LossSpec loss;
    private final List<String> styleLayers;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> content;
    private final List<Placeholder<TFloat32>> weights = new ArrayList<>();
    private final CinInputs cin;
    private final StyleTargets targets;
    private final Operand<TFloat32> contentLoss;
    private final List<Operand<TFloat32>> styleLosses = new ArrayList<>();
    private final Operand<TFloat32> totalVariation;
    /** d total / d gamma per layer, then d total / d beta per layer, as {@link CinInputs#outputs()}. */
    private final List<Output<?>> styleGradients;
    /** d total / d weights per convolution, OIHW. */
    private final List<Output<?>> weightGradients;
    private final Placeholder<TFloat32> styleImage;
    private final List<Operand<TFloat32>> styleImageGrams = new ArrayList<>();
    /** The same image's features at the content layer, NCHW. */
    private final Operand<TFloat32> imageContentFeatures;

    /**
     * @throws IllegalArgumentException if the loss spec names a feature the loss network does not have
     */
    TensorflowTraining(NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss, TensorflowRuntime runtime) {
        this.plan = plan;
        this.loss = loss;
        this.styleLayers = List.copyOf(loss.styleWeights().keySet());
        VggSpec vgg = lossNetwork.spec();
        vgg.layersUpTo(loss.features()); // names an unknown feature before any native work
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            List<ConvLayer> layers = plan.spec().convolutions();
            TensorflowLossNetwork vggGraph = new TensorflowLossNetwork(tf, lossNetwork, loss.features());
            this.content = imagesInput(tf, "content");
            List<Operand<TFloat32>> hwio = new ArrayList<>(layers.size());
            for (ConvLayer layer : layers) {
                Placeholder<TFloat32> w = tf.withName("weights_" + weights.size()).placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(layer.weightShape())));
                weights.add(w);
                hwio.add(Layout.toHwio(tf, w));
            }
            this.cin = CinInputs.create(tf, plan, plan.all());

            Operand<TFloat32> photos = Layout.toNhwc(tf, content);
            Operand<TFloat32> pastiche = crop(tf, plan.walk(new TensorflowLayers(tf, hwio, cin, false), photos),
                    content);
            Map<String, Operand<TFloat32>> features = vggGraph.features(tf, pastiche, loss.features());
            Operand<TFloat32> contentFeatures = vggGraph.features(tf, photos, List.of(loss.contentLayer()))
                    .get(loss.contentLayer());

            int[] styleChannels = styleLayers.stream().mapToInt(vgg::channels).toArray();
            this.targets = new StyleTargets(tf, styleLayers, styleChannels);

            this.contentLoss = TensorflowLosses.content(tf, features.get(loss.contentLayer()), contentFeatures);
            Operand<TFloat32> total = tf.math.mul(contentLoss, tf.constant((float) loss.contentWeight()));
            for (int l = 0; l < styleLayers.size(); l++) {
                String layer = styleLayers.get(l);
                Operand<TFloat32> gram = TensorflowLosses.gram(tf, features.get(layer), styleChannels[l]);
                Operand<TFloat32> term = TensorflowLosses.style(tf, gram, targets.input(l));
                styleLosses.add(term);
                total = tf.math.add(total, tf.math.mul(term, tf.constant(loss.styleWeights().get(layer).floatValue())));
            }
            this.totalVariation = TensorflowLosses.totalVariation(tf, pastiche);
            total = tf.math.add(total, tf.math.mul(totalVariation, tf.constant((float) loss.totalVariationWeight())));

            List<Output<?>> xs = new ArrayList<>(cin.outputs());
            weights.forEach(w -> xs.add(w.output()));
            Output<?>[] gradients = graph.addGradients(total.asOutput(), xs.toArray(new Output<?>[0]));
            int styleCount = cin.outputs().size();
            this.styleGradients = List.of(gradients).subList(0, styleCount);
            this.weightGradients = List.of(gradients).subList(styleCount, gradients.length);

            this.styleImage = imagesInput(tf, "style_image");
            Map<String, Operand<TFloat32>> styleFeatures = vggGraph.features(tf, Layout.toNhwc(tf, styleImage),
                    styleLayers);
            for (int l = 0; l < styleLayers.size(); l++) {
                styleImageGrams.add(TensorflowLosses.gram(tf, styleFeatures.get(styleLayers.get(l)), styleChannels[l]));
            }
            this.imageContentFeatures = Layout.toNchw(tf, vggGraph.features(tf, Layout.toNhwc(tf, styleImage),
                    List.of(loss.contentLayer())).get(loss.contentLayer()));
            this.session = new Session(graph, runtime.config());
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static Placeholder<TFloat32> imagesInput(Ops tf, String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(
                Shape.of(Shape.UNKNOWN_SIZE, 3, Shape.UNKNOWN_SIZE, Shape.UNKNOWN_SIZE)));
    }

    /** The network's NHWC output cropped to the NCHW input's height and width, top-left. */
    private static Operand<TFloat32> crop(Ops tf, Operand<TFloat32> output, Operand<TFloat32> input) {
        Operand<TInt32> heightWidth = tf.slice(tf.shape(input), tf.constant(new int[] {2}), tf.constant(new int[] {2}));
        Operand<TInt32> size = tf.concat(List.of(tf.constant(new int[] {-1}), heightWidth, tf.constant(new int[] {-1})),
                tf.constant(0));
        return tf.slice(output, tf.constant(new int[] {0, 0, 0, 0}), size);
    }

    @Override
    public List<float[]> styleGrams(Tensor image) {
        try (Feeds feeds = new Feeds()) {
            Session.Runner runner = session.runner().feed(styleImage, feeds.floats(image.data(), image.shape()));
            styleImageGrams.forEach(runner::fetch);
            try (Result result = runner.run()) {
                List<float[]> grams = new ArrayList<>(styleLayers.size());
                for (int l = 0; l < styleLayers.size(); l++) {
                    grams.add(Feeds.read(result.get(l)));
                }
                return grams;
            }
        }
    }

    @Override
    public Tensor contentFeatures(Tensor image) {
        try (Feeds feeds = new Feeds();
             Result result = session.runner().feed(styleImage, feeds.floats(image.data(), image.shape()))
                     .fetch(imageContentFeatures).run()) {
            org.tensorflow.Tensor out = result.get(0);
            long[] shape = out.shape().asArray();
            return new Tensor(Feeds.read(out), 1, Math.toIntExact(shape[1]), Math.toIntExact(shape[2]),
                    Math.toIntExact(shape[3]));
        }
    }

    @Override
    public LossGradients lossAndGradients(List<float[]> weights, Tensor content, StyleBatch styles,
                                          List<List<float[]>> targets, boolean weightGradients) {
        try (Feeds feeds = new Feeds()) {
            return run(feeds, weights, content, styles, targets, weightGradients);
        }
    }

    private LossGradients run(Feeds feeds, List<float[]> w, Tensor photos, StyleBatch styles,
                              List<List<float[]>> grams, boolean withWeights) {
        List<ConvLayer> layers = plan.spec().convolutions();
        Session.Runner runner = session.runner().feed(content, feeds.floats(photos.data(), photos.shape()));
        for (int i = 0; i < layers.size(); i++) {
            runner.feed(weights.get(i), feeds.floats(w.get(i), layers.get(i).weightShape()));
        }
        cin.feed(runner, feeds, styles);
        targets.feed(runner, feeds, grams);
        runner.fetch(contentLoss);
        styleLosses.forEach(runner::fetch);
        runner.fetch(totalVariation);
        styleGradients.forEach(runner::fetch);
        if (withWeights) {
            weightGradients.forEach(runner::fetch);
        }
        try (Result result = runner.run()) {
            int at = 0;
            double contentValue = scalar(result, at++);
            Map<String, Double> style = new LinkedHashMap<>();
            for (String layer : styleLayers) {
                style.put(layer, scalar(result, at++));
            }
            double tv = scalar(result, at++);
            List<float[]> gammaGradients = new ArrayList<>(layers.size());
            List<float[]> betaGradients = new ArrayList<>(layers.size());
            for (int i = 0; i < styleGradients.size(); i++) {
                (i < layers.size() ? gammaGradients : betaGradients).add(Feeds.read(result.get(at++)));
            }
            List<float[]> weightGrads = new ArrayList<>();
            if (withWeights) {
                for (int i = 0; i < weightGradients.size(); i++) {
                    weightGrads.add(Feeds.read(result.get(at++)));
                }
            }
            LossTerms terms = LossTerms.weighted(loss, contentValue, style, tv);
            return new LossGradients(terms, weightGrads,
                    StyleBatch.ofRows(photos.batch(), gammaGradients, betaGradients).embeddings());
        }
    }

    private static double scalar(Result result, int index) {
        return ((TFloat32) result.get(index)).getFloat();
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
