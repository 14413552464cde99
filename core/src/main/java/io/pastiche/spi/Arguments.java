package io.pastiche.spi;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The checks every backend makes of the SPI's arguments before any native work, in one place, so that every
 * backend refuses the same things with the same {@link IllegalArgumentException} messages. Each method returns
 * normally when the arguments fit. Stateless and thread-safe.
 */
final class Arguments {

    private Arguments() {
    }

    /**
     * Checks the convolution weights of {@link Backend#compile}: one array per convolution of the network, each of
     * that layer's size.
     *
     * @param spec    the network
     * @param weights one OIHW float32 array per convolution, as the SPI gives them
     * @throws IllegalArgumentException if the number of arrays differs from the number of convolutions, or naming
     *                                  the layer whose array is null or of the wrong length
     */
    static void checkWeights(NetworkSpec spec, List<float[]> weights) {
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

    /**
     * Checks a call's input for a range of the network's layers: the range's input channels, every side at least
     * {@link NetworkPlan#minimumInputSize(LayerRange) its minimum}, and one style embedding per image with the
     * network's number of layers and each layer's number of channels.
     *
     * @param plan   the network's plan
     * @param range  the layers the call runs, checked against the plan
     * @param input  the images, NCHW
     * @param styles one embedding per image of {@code input}
     * @throws IllegalArgumentException saying which of these does not fit, and how
     */
    static void checkInput(NetworkPlan plan, LayerRange range, Tensor input, List<StyleEmbedding> styles) {
        checkInput(plan, range, input.batch(), input.channels(), input.height(), input.width(), input.toString(),
                styles);
    }

    /**
     * Checks a channels-last call's input as {@link #checkInput(NetworkPlan, LayerRange, Tensor, List)} does.
     *
     * @throws IllegalArgumentException saying which of these does not fit, and how
     */
    static void checkInput(NetworkPlan plan, LayerRange range, ChannelsLastTile tile, List<StyleEmbedding> styles) {
        checkInput(plan, range, tile.batch(), tile.channels(), tile.height(), tile.width(), describe(tile), styles);
    }

    /** A channels-last tile as messages name it: its shape, {@code [B, H, W, C]}. */
    static String describe(ChannelsLastTile tile) {
        return "a channels-last tile [" + tile.batch() + ", " + tile.height() + ", " + tile.width() + ", "
                + tile.channels() + "]";
    }

    private static void checkInput(NetworkPlan plan, LayerRange range, int batch, int inputChannels, int height,
                                   int width, String input, List<StyleEmbedding> styles) {
        int channels = plan.inputChannels(range);
        String what = range.equals(plan.all()) ? "the network" : "layers [" + range.from() + ", " + range.to() + ")";
        if (inputChannels != channels) {
            throw new IllegalArgumentException(what + " take" + (range.equals(plan.all()) ? "s " : " ") + channels
                    + " channels, got " + input);
        }
        int minimum = plan.minimumInputSize(range);
        if (height < minimum || width < minimum) {
            throw new IllegalArgumentException(what + " need" + (range.equals(plan.all()) ? "s" : "")
                    + " a side of at least " + minimum + ", got " + input);
        }
        if (styles.size() != batch) {
            throw new IllegalArgumentException("one style embedding per image is needed: " + batch
                    + " images, " + styles.size() + " embeddings");
        }
        checkEmbeddings(plan, styles);
    }

    /**
     * Checks that every embedding has the network's layers and channels.
     *
     * @throws IllegalArgumentException naming the first embedding and layer that does not fit
     */
    static void checkEmbeddings(NetworkPlan plan, List<StyleEmbedding> styles) {
        List<PlannedLayer> layers = plan.layers();
        for (int b = 0; b < styles.size(); b++) {
            StyleEmbedding style = styles.get(b);
            if (style.layers() != layers.size()) {
                throw new IllegalArgumentException("style embedding " + b + " has " + style.layers()
                        + " layers, the network " + layers.size());
            }
            for (PlannedLayer layer : layers) {
                int c = layer.layer().outChannels();
                if (style.channels(layer.index()) != c) {
                    throw new IllegalArgumentException("style embedding " + b + ", layer " + layer.layer().name()
                            + ": " + style.channels(layer.index()) + " values, the layer has " + c + " channels");
                }
            }
        }
    }

    /**
     * Checks the style image of {@link TrainingGraph#styleGrams}: one RGB image, big enough for the loss network
     * (as {@link #checkLossInput}).
     *
     * @param lossNetwork the loss network's layers
     * @param loss        the losses, which decide how deep the loss network runs
     * @param image       the style image, NCHW
     * @throws IllegalArgumentException saying what the image is and what it needs
     */
    static void checkStyleImage(VggSpec lossNetwork, LossSpec loss, Tensor image) {
        if (image.batch() != 1 || image.channels() != 3) {
            throw new IllegalArgumentException("the loss network takes one RGB image here, got " + image);
        }
        checkLossInput(lossNetwork, loss, image);
    }

    /**
     * Checks that an image is big enough for the loss network to reach every feature the losses use
     * ({@link VggSpec#minimumSide}).
     *
     * @param lossNetwork the loss network's layers
     * @param loss        the losses, whose {@link LossSpec#features() features} decide the minimum
     * @param image       the images, NCHW
     * @throws IllegalArgumentException naming the minimum side and the image's shape
     */
    static void checkLossInput(VggSpec lossNetwork, LossSpec loss, Tensor image) {
        int minimum = lossNetwork.minimumSide(loss.features());
        if (image.height() < minimum || image.width() < minimum) {
            throw new IllegalArgumentException("the loss network needs a side of at least " + minimum + " to reach "
                    + loss.features() + ", got " + image);
        }
    }

    /**
     * Checks the style targets of {@link TrainingGraph#lossAndGradients}: per image, one target Gram matrix per
     * style layer of the loss, in the loss's order, each C x C for that layer's C.
     *
     * @param lossNetwork the loss network's layers, which give each layer's C
     * @param loss        the losses, whose {@link LossSpec#styleWeights() style layers} the targets follow
     * @param targets     per image, the Gram matrices, row-major
     * @param batch       the number of images
     * @throws IllegalArgumentException if there is not one list per image, or naming the image and layer whose
     *                                  targets do not fit
     */
    static void checkStyleTargets(VggSpec lossNetwork, LossSpec loss, List<List<float[]>> targets,
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
