package io.pastiche.loss;

import io.pastiche.tensor.Tensor;

/**
 * Content loss: the mean over channels and positions of {@code (F(pastiche) - F(content))^2} at one layer of
 * the loss network (relu3_3 of VGG-16 in the paper; relu4_2 or relu3_1 of VGG-19), then the mean over the
 * batch. Weight 1 in the reference implementation.
 */
public final class ContentLoss {

    private ContentLoss() {
    }

    /**
     * The loss between the pastiche's and the content image's features.
     *
     * @param pastiche the pastiches' features at the content layer, NCHW
     * @param content  the content images' features there, of the same shape
     * @return the mean of the squared differences over every value
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double of(Tensor pastiche, Tensor content) {
        if (!java.util.Arrays.equals(pastiche.shape(), content.shape())) {
            throw new IllegalArgumentException("feature shapes differ: " + pastiche + " and " + content);
        }
        double sum = 0;
        float[] a = pastiche.data();
        float[] b = content.data();
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum / a.length; // the mean over C, H, W of each image, then over the batch: one mean of all
    }

    /**
     * The loss of one image, in float64.
     *
     * @param pastiche the pastiche's features at the content layer
     * @param content  the content image's features there, as many values
     * @return the mean of the squared differences
     */
    public static double of(double[] pastiche, double[] content) {
        return MeanSquaredDifference.of(pastiche, content);
    }
}
