package io.pastiche.spi;

import io.pastiche.loss.LossTerms;
import io.pastiche.norm.StyleEmbedding;
import java.util.List;

/**
 * One evaluation of the training loss on a batch and its gradients. Immutable lists; the arrays in them are not
 * copied.
 *
 * @param terms           the loss terms and their weighted total
 * @param weightGradients d total / d weights, per convolution, OIHW; empty when not asked for
 * @param styleGradients  per image of the batch, d total / d gamma and d total / d beta of every CIN layer
 */
public record LossGradients(LossTerms terms, List<float[]> weightGradients, List<StyleEmbedding> styleGradients) {

    /**
     * Copies the lists.
     *
     * @param terms           the loss terms and their weighted total
     * @param weightGradients per convolution, OIHW; empty when not asked for; no null element
     * @param styleGradients  per image of the batch; no null element
     */
    public LossGradients {
        weightGradients = List.copyOf(weightGradients);
        styleGradients = List.copyOf(styleGradients);
    }
}
