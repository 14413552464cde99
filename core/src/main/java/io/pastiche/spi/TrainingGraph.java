package io.pastiche.spi;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.tensor.Tensor;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The training computation on a {@link Backend}: the style network, then the loss network on the pastiche and on
 * the content photo, then the losses of {@link io.pastiche.loss.LossSpec}, and the gradients. The engine computes;
 * core's trainer owns the parameters and the optimiser, so every backend trains the same way and a checkpoint
 * does not depend on the engine. Safe to use from one thread at a time.
 */
public final class TrainingGraph implements AutoCloseable {

    private final NetworkPlan plan;
    private final LossNetwork lossNetwork;
    private final LossSpec loss;
    private final EngineTraining training;
    private final Engine engine;
    private final Consumer<Object> onClose;
    private final CloseGuard guard;

    TrainingGraph(String backend, NetworkPlan plan, LossNetwork lossNetwork, LossSpec loss, EngineTraining training,
                  Engine engine, Consumer<Object> onClose) {
        this.plan = plan;
        this.lossNetwork = lossNetwork;
        this.loss = loss;
        this.training = training;
        this.engine = engine;
        this.onClose = onClose;
        this.guard = new CloseGuard(backend + " training graph");
    }

    /**
     * The Gram matrices of one image at the style layers, in the loss spec's order: each C x C, row-major.
     *
     * @param image one RGB image in [0, 1], NCHW with N = 1, of any size from the loss network's minimum up (the
     *              style image at its own resolution)
     * @return one Gram matrix per style layer of the loss, as {@link io.pastiche.loss.GramMatrix} defines it
     * @throws IllegalArgumentException if the image is not one RGB image or is smaller than the loss network needs
     * @throws IllegalStateException    if this graph or its backend is closed
     */
    public List<float[]> styleGrams(Tensor image) {
        Arguments.checkStyleImage(lossNetwork.spec(), loss, image);
        return onEngine(image, () -> training.styleGrams(image));
    }

    /**
     * The loss network's features of one image at the content layer: with a photo's, the content loss of any image
     * ({@link io.pastiche.loss.ContentLoss#of}), for judging pictures made otherwise than by the network alone.
     *
     * @param image one RGB image in [0, 1], NCHW with N = 1, at least the loss network's minimum side
     * @return the features, NCHW with N = 1
     * @throws IllegalArgumentException if the image is not one RGB image or is smaller than the loss network needs
     * @throws IllegalStateException    if this graph or its backend is closed
     */
    public Tensor contentFeatures(Tensor image) {
        Arguments.checkStyleImage(lossNetwork.spec(), loss, image);
        return onEngine(image, () -> training.contentFeatures(image));
    }

    /** A call into the engine under the close guard, its failures translated (naming {@code input}'s shape). */
    private <T> T onEngine(Tensor input, Supplier<T> call) {
        return guard.run(() -> {
            try {
                return call.get();
            } catch (RuntimeException | Error e) {
                throw EngineFailures.translate(engine, input, e);
            }
        });
    }

    /**
     * Evaluates the loss of a batch and its gradients. The network's output is cropped to the input's size before
     * it enters the loss network.
     *
     * @param weights         the style network's convolution weights, OIHW
     * @param content         the content photos, RGB in [0, 1]
     * @param styles          per image, its gamma/beta
     * @param targets         per image, the Gram matrices of its style, as {@link #styleGrams} gives them
     * @param weightGradients false when only gamma/beta are trained, to skip that work
     * @return the loss terms (each the mean over the batch) and the gradients of their weighted total; no weight
     *         gradients when {@code weightGradients} is false
     * @throws IllegalArgumentException if an argument does not fit the network or the loss
     * @throws IllegalStateException    if this graph or its backend is closed
     */
    public LossGradients lossAndGradients(List<float[]> weights, Tensor content, List<StyleEmbedding> styles,
                                          List<List<float[]>> targets, boolean weightGradients) {
        Arguments.checkWeights(plan.spec(), weights);
        Arguments.checkInput(plan, plan.all(), content, styles);
        Arguments.checkLossInput(lossNetwork.spec(), loss, content);
        Arguments.checkStyleTargets(lossNetwork.spec(), loss, targets, content.batch());
        StyleBatch batch = StyleBatch.of(styles);
        return onEngine(content,
                () -> training.lossAndGradients(weights, content, batch, targets, weightGradients));
    }

    /** Frees the engine's memory. A second call does nothing. */
    @Override
    public void close() {
        if (guard.close(training::close)) {
            onClose.accept(this);
        }
    }
}
