package io.pastiche.loss;

import io.pastiche.tensor.Tensor;

/**
 * Style loss at one layer: the mean over the C*C entries of {@code (G(pastiche) - G(style))^2}, then the mean
 * over the batch. The reference implementation sums it over relu1_2, relu2_2, relu3_3 and relu4_3 of VGG-16,
 * each with weight 1e-4; the style's Gram matrices are computed once, at the style image's own resolution.
 */
public final class StyleLoss {

    private StyleLoss() {
    }

    /**
     * The loss of a batch at one layer.
     *
     * @param pastiche features of a batch of pastiches at one layer, NCHW
     * @param targets  per image of the batch, the C x C Gram matrix of its style at that layer, row-major
     * @return the mean over the batch of the mean squared difference of the Gram matrices
     * @throws IllegalArgumentException if there is not one target per image, or a target is not C x C
     */
    public static double of(Tensor pastiche, double[][] targets) {
        int c = pastiche.channels();
        if (targets.length != pastiche.batch()) {
            throw new IllegalArgumentException(pastiche.batch() + " images but " + targets.length + " targets");
        }
        double total = 0;
        for (int n = 0; n < pastiche.batch(); n++) {
            if (targets[n].length != c * c) {
                throw new IllegalArgumentException("target " + n + " has " + targets[n].length + " entries, not "
                        + c + "x" + c);
            }
            total += of(GramMatrix.of(pastiche, n), targets[n]);
        }
        return total / pastiche.batch();
    }

    /**
     * The loss of one image at one layer, in float64.
     *
     * @param gram   the pastiche's Gram matrix at the layer
     * @param target the style's Gram matrix there, of the same size
     * @return the mean over the entries of the squared differences
     */
    public static double of(double[] gram, double[] target) {
        return MeanSquaredDifference.of(gram, target);
    }
}
