package io.pastiche.spi;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import java.util.Arrays;
import java.util.List;

/**
 * The checks every backend makes of the SPI's arguments before any native work, in one place, so that every
 * backend refuses the same things with the same {@link IllegalArgumentException} messages.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * @param weights one OIHW float32 array per convolution, as the SPI gives them
     * @throws IllegalArgumentException naming the layer whose weights do not fit
     */
    public static void checkWeights(NetworkSpec spec, List<float[]> weights) {
        List<ConvLayer> layers = spec.convolutions();
        if (weights.size() != layers.size()) {
            throw new IllegalArgumentException("the network has " + layers.size() + " convolutions, got "
                    + weights.size() + " weight arrays");
        }
        for (int i = 0; i < layers.size(); i++) {
            ConvLayer layer = layers.get(i);
            float[] w = weights.get(i);
            if (w == null || w.length != layer.weightCount()) {
                throw new IllegalArgumentException(layer.name() + " needs " + layer.weightCount() + " weights (OIHW "
                        + Arrays.toString(layer.weightShape()) + "), got " + (w == null ? "null" : w.length));
            }
        }
    }

    /** The input's channels and size, and one fitting style embedding per image. */
    public static void checkInput(NetworkSpec spec, Tensor input, List<StyleEmbedding> styles) {
        List<ConvLayer> layers = spec.convolutions();
        if (input.channels() != layers.get(0).inChannels()) {
            throw new IllegalArgumentException("the network takes " + layers.get(0).inChannels() + " channels, got "
                    + input);
        }
        int minimum = spec.minimumInputSize();
        if (input.height() < minimum || input.width() < minimum) {
            throw new IllegalArgumentException("the network needs a side of at least " + minimum + ", got " + input);
        }
        if (styles.size() != input.batch()) {
            throw new IllegalArgumentException("one style embedding per image is needed: " + input.batch()
                    + " images, " + styles.size() + " embeddings");
        }
        for (int b = 0; b < styles.size(); b++) {
            StyleEmbedding style = styles.get(b);
            if (style.layers() != layers.size()) {
                throw new IllegalArgumentException("style embedding " + b + " has " + style.layers()
                        + " layers, the network " + layers.size());
            }
            for (int i = 0; i < layers.size(); i++) {
                int channels = layers.get(i).outChannels();
                if (style.gamma(i).length != channels) {
                    throw new IllegalArgumentException("style embedding " + b + ", layer " + layers.get(i).name()
                            + ": " + style.gamma(i).length + " values, the layer has " + channels + " channels");
                }
            }
        }
    }

    /**
     * The style image of {@link TrainingGraph#styleGrams}: one RGB image, big enough for the loss network.
     *
     * @throws IllegalArgumentException saying what the image is and what it needs
     */
    public static void checkStyleImage(VggSpec lossNetwork, LossSpec loss, Tensor image) {
        if (image.batch() != 1 || image.channels() != 3) {
            throw new IllegalArgumentException("styleGrams takes one RGB image, got " + image);
        }
        checkLossInput(lossNetwork, loss, image);
    }

    /** An image big enough for the loss network to reach every feature the losses use. */
    public static void checkLossInput(VggSpec lossNetwork, LossSpec loss, Tensor image) {
        int minimum = lossNetwork.minimumSide(loss.features());
        if (image.height() < minimum || image.width() < minimum) {
            throw new IllegalArgumentException("the loss network needs a side of at least " + minimum + " to reach "
                    + loss.features() + ", got " + image);
        }
    }

    /**
     * Per image, one target Gram matrix per style layer of the loss, each C x C for that layer's C.
     *
     * @throws IllegalArgumentException naming the image and layer whose targets do not fit
     */
    public static void checkStyleTargets(VggSpec lossNetwork, LossSpec loss, List<List<float[]>> targets,
                                         int batch) {
        if (targets.size() != batch) {
            throw new IllegalArgumentException("one list of style targets per image is needed: " + batch
                    + " images, " + targets.size() + " target lists");
        }
        List<String> layers = List.copyOf(loss.styleWeights().keySet());
        for (int b = 0; b < batch; b++) {
            List<float[]> image = targets.get(b);
            if (image.size() != layers.size()) {
                throw new IllegalArgumentException("image " + b + " has " + image.size() + " style targets, the loss "
                        + "has " + layers.size() + " style layers " + layers);
            }
            for (int l = 0; l < layers.size(); l++) {
                int c = lossNetwork.channels(layers.get(l));
                if (image.get(l) == null || image.get(l).length != c * c) {
                    throw new IllegalArgumentException("image " + b + ", style layer " + layers.get(l) + ": the "
                            + "target Gram matrix needs " + c + "x" + c + " values, got "
                            + (image.get(l) == null ? "null" : image.get(l).length));
                }
            }
        }
    }
}
