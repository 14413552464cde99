package io.pastiche.lossnet;

/**
 * One step of a VGG feature extractor: a 3x3 convolution with bias (padding 1) followed by a ReLU, or a 2x2
 * pooling of stride 2. Immutable; not checked (see {@link VggSpec#of}).
 *
 * @param name        {@code conv1_1} .. for convolutions (their ReLU output is {@code relu1_1}); {@code pool1} ..
 * @param index       the position in torchvision's {@code features} Sequential, which names the weights
 *                    {@code features.<index>.weight} and {@code .bias}
 * @param inChannels  input channels (0 for pooling)
 * @param outChannels output channels (0 for pooling)
 */
public record VggLayer(String name, int index, int inChannels, int outChannels) {

    /**
     * Whether this is a convolution.
     *
     * @return true for a convolution (followed by its ReLU), false for a pooling
     */
    public boolean isConvolution() {
        return outChannels > 0;
    }

    /**
     * The name of this convolution's ReLU output, a feature a loss can use.
     *
     * @return the name with {@code conv} replaced by {@code relu}, for example {@code relu3_1}
     */
    public String reluName() {
        return name.replace("conv", "relu");
    }

    /**
     * Weight shape, OIHW.
     *
     * @return a new array {@code {outChannels, inChannels, 3, 3}}
     */
    public long[] weightShape() {
        return new long[] {outChannels, inChannels, 3, 3};
    }
}
