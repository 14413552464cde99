package io.pastiche.loss;

import io.pastiche.tensor.Tensor;

/**
 * Total variation: the mean of the squared differences between vertical neighbours plus the mean of the squared
 * differences between horizontal neighbours, over channels, then over the batch. It smooths the pastiche. The
 * paper's N-style training does not use it (weight 0); it is a common option elsewhere.
 */
public final class TotalVariationLoss {

    private TotalVariationLoss() {
    }

    /**
     * The loss of a batch of images.
     *
     * @param images the pastiches, NCHW
     * @return the vertical mean plus the horizontal mean; a direction of one pixel counts 0
     */
    public static double of(Tensor images) {
        int h = images.height();
        int w = images.width();
        float[] x = images.data();
        double vertical = 0;
        double horizontal = 0;
        for (int n = 0; n < images.batch(); n++) {
            for (int c = 0; c < images.channels(); c++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        int i = images.index(n, c, y, xx);
                        if (y + 1 < h) {
                            double d = (double) x[i + w] - x[i];
                            vertical += d * d;
                        }
                        if (xx + 1 < w) {
                            double d = (double) x[i + 1] - x[i];
                            horizontal += d * d;
                        }
                    }
                }
            }
        }
        double planes = (double) images.batch() * images.channels();
        double v = h > 1 ? vertical / (planes * (h - 1) * w) : 0;
        double hz = w > 1 ? horizontal / (planes * h * (w - 1)) : 0;
        return v + hz;
    }

    /**
     * The loss of one image, in float64.
     *
     * @param image    the image, CHW
     * @param channels C
     * @param height   H
     * @param width    W
     * @return the vertical mean plus the horizontal mean; a direction of one pixel counts 0
     */
    public static double of(double[] image, int channels, int height, int width) {
        double vertical = 0;
        double horizontal = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = (c * height + y) * width + x;
                    if (y + 1 < height) {
                        vertical += (image[i + width] - image[i]) * (image[i + width] - image[i]);
                    }
                    if (x + 1 < width) {
                        horizontal += (image[i + 1] - image[i]) * (image[i + 1] - image[i]);
                    }
                }
            }
        }
        double v = height > 1 ? vertical / ((double) channels * (height - 1) * width) : 0;
        double h = width > 1 ? horizontal / ((double) channels * height * (width - 1)) : 0;
        return v + h;
    }
}
