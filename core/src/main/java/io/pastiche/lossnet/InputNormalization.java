package io.pastiche.lossnet;

/**
 * What a loss network's weights expect of its input, from RGB in [0, 1]: {@code (x * scale - mean[c]) / std[c]}.
 * Immutable: the arrays are copied in and out.
 *
 * @param scale 1 for inputs in [0, 1], 255 for inputs in [0, 255]
 * @param mean  per RGB channel, in the scaled range
 * @param std   per RGB channel
 */
public record InputNormalization(double scale, double[] mean, double[] std) {

    /** torchvision's ImageNet models, and the files users download for them. */
    public static final InputNormalization TORCHVISION = new InputNormalization(1.0,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    /** The Caffe/TF-slim VGG the paper's reference implementation uses: RGB in 0..255 minus the ImageNet mean. */
    public static final InputNormalization CAFFE = new InputNormalization(255.0,
            new double[] {123.68, 116.779, 103.939}, new double[] {1, 1, 1});

    /**
     * Checks and copies the arrays.
     *
     * @param scale 1 for inputs in [0, 1], 255 for inputs in [0, 255]
     * @param mean  three values, R, G, B; copied
     * @param std   three values, R, G, B; copied
     * @throws IllegalArgumentException if {@code mean} or {@code std} does not have three values
     */
    public InputNormalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * The value the network sees.
     *
     * @param c the channel: 0 red, 1 green, 2 blue
     * @param x the pixel's value in [0, 1]
     * @return {@code (x * scale - mean[c]) / std[c]}
     */
    public double apply(int c, double x) {
        return (x * scale - mean[c]) / std[c];
    }

    /**
     * The means.
     *
     * @return a copy: R, G, B, in the scaled range
     */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The standard deviations.
     *
     * @return a copy: R, G, B
     */
    @Override
    public double[] std() {
        return std.clone();
    }
}
