package io.pastiche.loss;

import io.pastiche.tensor.Tensor;

/**
 * The Gram matrix of a feature map: {@code G = F^T F / (H * W)} for F of shape [H*W, C], divided by the number
 * of positions only (not by C), as the reference implementation does. Its entries are the mean over positions
 * of the products of two channels, so it does not depend on the image size.
 */
public final class GramMatrix {

    private GramMatrix() {
    }

    /**
     * The Gram matrix of one image of a batch.
     *
     * @param features feature maps, NCHW
     * @param n        the image, in 0..N-1
     * @return the C x C matrix, row-major, symmetric
     */
    public static double[] of(Tensor features, int n) {
        int values = features.channels() * features.height() * features.width();
        double[] image = new double[values];
        for (int i = 0; i < values; i++) {
            image[i] = features.data()[n * values + i];
        }
        return of(image, features.channels(), features.height() * features.width());
    }

    /**
     * The Gram matrix of one image's feature maps in float64: the definition the conformance kits compute
     * backends' results against.
     *
     * @param features  the image's feature maps, CHW
     * @param channels  C
     * @param positions H * W
     * @return the C x C matrix, row-major, symmetric
     */
    public static double[] of(double[] features, int channels, int positions) {
        double[] gram = new double[channels * channels];
        for (int i = 0; i < channels; i++) {
            for (int j = i; j < channels; j++) {
                double sum = 0;
                for (int p = 0; p < positions; p++) {
                    sum += features[i * positions + p] * features[j * positions + p];
                }
                gram[i * channels + j] = sum / positions;
                gram[j * channels + i] = sum / positions;
            }
        }
        return gram;
    }
}
