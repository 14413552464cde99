package io.pastiche.train;

import io.pastiche.model.Model;
import io.pastiche.model.TensorNames;
import io.pastiche.network.ConvLayer;
import io.pastiche.norm.CinParameters;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.norm.StyleEmbedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a run changes: the parameters, Adam's moments and the number of steps done. With the
 * {@link TrainingConfig} and the images, it decides the rest of the run, so a checkpoint holds exactly this.
 */
final class TrainingState {

    /** The architecture, alpha and styles; its values are not used. */
    final Model template;
    final int firstTrainedStyle;
    final List<Parameter> weights = new ArrayList<>();
    final List<Parameter> gammas = new ArrayList<>();
    final List<Parameter> betas = new ArrayList<>();
    long step;

    /**
     * @param model             the start: its values are copied
     * @param firstTrainedStyle 0 to train everything; k > 0 to train only the rows of styles k.. (new styles),
     *                          every convolution and older style frozen
     */
    TrainingState(Model model, int firstTrainedStyle) {
        int styles = model.styles().size();
        if (firstTrainedStyle < 0 || firstTrainedStyle >= styles) {
            throw new IllegalArgumentException("no style " + firstTrainedStyle + " to train; the model has "
                    + styles);
        }
        this.template = model;
        this.firstTrainedStyle = firstTrainedStyle;
        boolean trainWeights = firstTrainedStyle == 0;
        List<ConvLayer> convs = model.spec().convolutions();
        for (int i = 0; i < convs.size(); i++) {
            ConvLayer conv = convs.get(i);
            float[] w = model.weight(i);
            weights.add(new Parameter(TensorNames.weight(conv), conv.weightShape(), w, 0, trainWeights ? w.length : 0));
            ConditionalInstanceNorm norm = model.cin().layers().get(i);
            int from = firstTrainedStyle * conv.outChannels();
            int to = styles * conv.outChannels();
            long[] shape = TensorNames.normShape(conv, styles);
            gammas.add(new Parameter(TensorNames.gamma(conv), shape, norm.gammaTable(), from, to));
            betas.add(new Parameter(TensorNames.beta(conv), shape, norm.betaTable(), from, to));
        }
    }

    boolean trainsWeights() {
        return firstTrainedStyle == 0;
    }

    /** Every parameter, in checkpoint order. */
    List<Parameter> all() {
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            all.add(weights.get(i));
            all.add(gammas.get(i));
            all.add(betas.get(i));
        }
        return all;
    }

    List<float[]> weightValues() {
        return weights.stream().map(p -> p.values).toList();
    }

    /** The current gamma/beta rows of a style. */
    StyleEmbedding embedding(int style) {
        List<float[]> gamma = new ArrayList<>();
        List<float[]> beta = new ArrayList<>();
        for (int i = 0; i < gammas.size(); i++) {
            int channels = (int) gammas.get(i).shape[1];
            gamma.add(Arrays.copyOfRange(gammas.get(i).values, style * channels, (style + 1) * channels));
            beta.add(Arrays.copyOfRange(betas.get(i).values, style * channels, (style + 1) * channels));
        }
        return new StyleEmbedding(gamma, beta);
    }

    /** The current parameters as a model (copies). */
    Model toModel() {
        List<ConditionalInstanceNorm> norms = new ArrayList<>();
        List<ConvLayer> convs = template.spec().convolutions();
        int styles = template.styles().size();
        for (int i = 0; i < convs.size(); i++) {
            norms.add(new ConditionalInstanceNorm(convs.get(i).name(), styles, convs.get(i).outChannels(),
                    gammas.get(i).values, betas.get(i).values));
        }
        return new Model(template.spec(), template.alpha(), weightValues(),
                new CinParameters(template.spec(), norms), template.styles());
    }
}
