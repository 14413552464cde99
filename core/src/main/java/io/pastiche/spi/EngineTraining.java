package io.pastiche.spi;

import io.pastiche.plan.StyleBatch;
import io.pastiche.tensor.Tensor;

import java.util.List;

/**
 * The training computation on an {@link Engine}: the style network, then the loss network on the pastiche and on
 * the content photo, then the losses, and the gradients. Core's {@link TrainingGraph} checks the arguments before
 * they arrive here; used by one thread at a time.
 */
public interface EngineTraining extends AutoCloseable {

    /**
     * The Gram matrices of one image at the loss's style layers, as {@link TrainingGraph#styleGrams} describes.
     *
     * @param image one RGB image, NCHW, big enough for the loss network
     * @return one C x C Gram matrix per style layer, row-major, in the loss spec's order
     */
    List<float[]> styleGrams(Tensor image);

    /**
     * The loss network's features of one image at the loss's content layer, as {@link TrainingGraph#contentFeatures}
     * describes.
     *
     * @param image one RGB image, NCHW, big enough for the loss network
     * @return the features, NCHW with N = 1
     */
    Tensor contentFeatures(Tensor image);

    /**
     * The loss of a batch and its gradients, as {@link TrainingGraph#lossAndGradients} describes.
     *
     * @param weights         the style network's weights, OIHW
     * @param content         the content photos, RGB in [0, 1]
     * @param styles          the batch's gamma/beta
     * @param targets         per image, its style's Gram matrices
     * @param weightGradients false to skip the weights' gradients
     * @return the loss terms and gradients; {@link StyleBatch#embeddings()} turns per-layer gamma/beta gradients
     *         into the per-image form
     */
    LossGradients lossAndGradients(List<float[]> weights, Tensor content, StyleBatch styles,
                                   List<List<float[]>> targets, boolean weightGradients);

    /** Frees the engine's memory for this computation. Core calls it once. */
    @Override
    void close();
}
