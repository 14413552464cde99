package io.pastiche.loss;

import io.pastiche.spi.Tensor;

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
        int c = features.channels();
        int plane = features.height() * features.width();
        float[] f = features.data();
        int base = n * c * plane;
        double[] gram = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = i; j < c; j++) {
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += (double) f[base + i * plane + p] * f[base + j * plane + p];
                }
                gram[i * c + j] = sum / plane;
                gram[j * c + i] = sum / plane;
            }
        }
        return gram;
    }
}
