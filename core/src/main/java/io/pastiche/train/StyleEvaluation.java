package io.pastiche.train;

import io.pastiche.LoadOptions;
import io.pastiche.image.ImageTensors;
import io.pastiche.image.Resize;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.Model;
import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.LossGradients;
import io.pastiche.tensor.Tensor;
import io.pastiche.spi.TrainingGraph;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How well a model renders its styles on photos it was not trained on, measured with the training losses: for
 * each photo and style, the style loss of the pastiche against the painting, the style loss of the unstylized
 * photo against the same painting (what the network starts from), and the content loss of the pastiche against
 * the photo. A relative style loss well below 1 with a moderate content loss is a network that paints and still
 * shows the photo. Each {@link #evaluate} opens its own backend and closes it before returning.
 */
public final class StyleEvaluation {

    /**
     * One photo in one style. Immutable.
     *
     * @param photo             the photo's name, as given to {@link #evaluate}
     * @param style             the style's name
     * @param pasticheStyleLoss the weighted style loss of the pastiche against the painting
     * @param photoStyleLoss    the same loss of the unstylized photo
     * @param contentLoss       the unweighted content loss of the pastiche against the photo
     */
    public record Score(String photo, String style, double pasticheStyleLoss, double photoStyleLoss,
                        double contentLoss) {

        /**
         * Pastiche over photo: below 1 means the pastiche is closer to the painting's style than the photo is.
         *
         * @return {@code pasticheStyleLoss / photoStyleLoss}; infinite or NaN if the photo's loss is 0
         */
        public double relativeStyleLoss() {
            return pasticheStyleLoss / photoStyleLoss;
        }
    }

    private final LossNetwork lossNetwork;
    private final LossSpec loss;
    private final int styleImageSize;
    private final LoadOptions options;

    /**
     * An evaluation with the losses of training.
     *
     * @param lossNetwork    the loss network, as in training
     * @param loss           the loss layers and weights, as in training
     * @param styleImageSize the longest side the paintings are scaled down to before their Gram matrices are taken
     *                       (as in training; 0 keeps them as they are)
     * @param options        which backend computes (it must support training)
     * @throws IllegalArgumentException if {@code styleImageSize} is negative
     */
    public StyleEvaluation(LossNetwork lossNetwork, LossSpec loss, int styleImageSize, LoadOptions options) {
        if (styleImageSize < 0) {
            throw new IllegalArgumentException("style image size must be >= 0, was " + styleImageSize);
        }
        this.lossNetwork = lossNetwork;
        this.loss = loss;
        this.styleImageSize = styleImageSize;
        this.options = options;
    }

    /**
     * Scores every photo in every style of the model.
     *
     * @param model     the model to judge
     * @param paintings one per style of the model, in its order
     * @param photos    by name, each at the size it is to be judged at (at least the network's and the loss
     *                  network's minimum side)
     * @return photo by photo (in the map's order), style by style
     * @throws IllegalArgumentException     if there is not one painting per style, or an image is too small
     * @throws io.pastiche.BackendException if no backend is available, the one asked for is unavailable, or it
     *                                      cannot train
     */
    public List<Score> evaluate(Model model, List<BufferedImage> paintings, Map<String, BufferedImage> photos) {
        if (paintings.size() != model.styles().size()) {
            throw new IllegalArgumentException("the model has " + model.styles().size() + " styles but "
                    + paintings.size() + " paintings were given");
        }
        List<Score> scores = new ArrayList<>();
        try (Backend backend = Backends.discover().choose(options.backend()).open(options.device());
             TrainingGraph graph = backend.compileTraining(model.spec(), lossNetwork, loss)) {
            List<List<float[]>> targets = new ArrayList<>();
            for (BufferedImage painting : paintings) {
                BufferedImage scaled = styleImageSize > 0 ? Resize.toFit(painting, styleImageSize) : painting;
                targets.add(graph.styleGrams(ImageTensors.toTensor(List.of(scaled))));
            }
            for (Map.Entry<String, BufferedImage> photo : photos.entrySet()) {
                Tensor input = ImageTensors.toTensor(List.of(photo.getValue()));
                List<float[]> photoGrams = graph.styleGrams(input);
                for (int style = 0; style < paintings.size(); style++) {
                    LossGradients pastiche = graph.lossAndGradients(model.weights(), input,
                            List.of(model.cin().embedding(style)), List.of(targets.get(style)), false);
                    scores.add(new Score(photo.getKey(), model.styles().get(style).name(),
                            pastiche.terms().weightedStyle(loss),
                            weightedStyleLoss(loss, photoGrams, targets.get(style)),
                            pastiche.terms().content()));
                }
            }
        }
        return scores;
    }

    /**
     * The weighted style loss of an image from its Gram matrices ({@link TrainingGraph#styleGrams}), as training
     * weighs {@link io.pastiche.loss.StyleLoss}: of any picture, not only the network's.
     *
     * @param loss    the loss, whose style weights are used in order
     * @param grams   the image's Gram matrices, one per style layer
     * @param targets the painting's, the same
     * @return the sum over layers of each weight times the mean squared difference of the Gram matrices
     */
    public static double weightedStyleLoss(LossSpec loss, List<float[]> grams, List<float[]> targets) {
        double sum = 0;
        int layer = 0;
        for (double weight : loss.styleWeights().values()) {
            float[] gram = grams.get(layer);
            float[] target = targets.get(layer);
            double squares = 0;
            for (int i = 0; i < gram.length; i++) {
                double d = (double) gram[i] - target[i];
                squares += d * d;
            }
            sum += weight * squares / gram.length;
            layer++;
        }
        return sum;
    }
}
