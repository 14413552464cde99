package io.pastiche.network;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One convolution of the network and what surrounds it: optional nearest-neighbour upsampling, reflect padding
 * by {@code kernel / 2}, a VALID convolution without bias, conditional instance normalisation, the activation.
 * Immutable.
 *
 * @param name        path-like name, for example {@code contract/conv1}; it names the layer's tensors in the model file
 * @param inChannels  input channels
 * @param outChannels output channels, which is also the number of CIN channels
 * @param kernel      square kernel size, odd
 * @param stride      1 or 2
 * @param upsample    nearest-neighbour upsampling factor applied before padding: 1 (none) or 2
 * @param activation  what follows the normalisation
 */
public record ConvLayer(String name, int inChannels, int outChannels, int kernel, int stride, int upsample,
                        Activation activation) implements Block {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*");

    /**
     * Checks the layer.
     *
     * @param name        letters, digits and {@code _}, in parts separated by {@code /}
     * @param inChannels  at least 1
     * @param outChannels at least 1
     * @param kernel      odd and positive
     * @param stride      1 or 2
     * @param upsample    1 or 2; not 2 together with stride 2
     * @param activation  not null
     * @throws IllegalArgumentException naming the layer and what is wrong with it
     */
    public ConvLayer {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("layer name must be letters, digits and _ separated by '/': " + name);
        }
        require(inChannels > 0 && outChannels > 0, name, "channels must be positive");
        require(kernel > 0 && kernel % 2 == 1, name, "kernel must be odd and positive, was " + kernel);
        require(stride == 1 || stride == 2, name, "stride must be 1 or 2, was " + stride);
        require(upsample == 1 || upsample == 2, name, "upsample must be 1 or 2, was " + upsample);
        require(stride == 1 || upsample == 1, name, "a layer cannot both upsample and stride");
        if (activation == null) {
            throw new IllegalArgumentException(name + ": activation is required");
        }
    }

    private static void require(boolean condition, String layer, String message) {
        if (!condition) {
            throw new IllegalArgumentException(layer + ": " + message);
        }
    }

    /**
     * Reflect padding on each side.
     *
     * @return {@code kernel / 2}, in pixels
     */
    public int padding() {
        return kernel / 2;
    }

    /**
     * Output side length for an input side length.
     *
     * @param inputSize the input's side, in pixels
     * @return {@code ceil(inputSize * upsample / stride)}
     */
    public int outputSize(int inputSize) {
        int up = inputSize * upsample;
        return (up + stride - 1) / stride;
    }

    /**
     * Shape of the weight tensor, OIHW as PyTorch stores it.
     *
     * @return a new array {@code {outChannels, inChannels, kernel, kernel}}
     */
    public long[] weightShape() {
        return new long[] {outChannels, inChannels, kernel, kernel};
    }

    /**
     * Number of weights.
     *
     * @return {@code outChannels * inChannels * kernel * kernel}
     */
    public int weightCount() {
        return outChannels * inChannels * kernel * kernel;
    }

    /**
     * Floating-point operations of the convolution alone (a multiply-add counts two) for one image.
     *
     * @param height the input's height, in pixels
     * @param width  the input's width, in pixels
     * @return the operations at the output's size
     */
    public double flops(int height, int width) {
        return 2.0 * weightCount() * outputSize(height) * (double) outputSize(width);
    }

    @Override
    public List<ConvLayer> convolutions() {
        return List.of(this);
    }

    @Override
    public <R> R accept(Block.Visitor<R> visitor) {
        return visitor.convolution(this);
    }
}
