package io.pastiche.testkit;

/** A float64 feature map of one image, CHW, for the reference computations. */
public record FeatureMap(double[] data, int channels, int height, int width) {

    public FeatureMap(int channels, int height, int width) {
        this(new double[channels * height * width], channels, height, width);
    }

    public double get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, double v) {
        data[(c * height + y) * width + x] = v;
    }
}
