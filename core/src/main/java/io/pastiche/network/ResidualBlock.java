package io.pastiche.network;

import java.util.List;

/**
 * A residual block: {@code out = x + second(first(x))}, with no activation after the addition. {@code first}
 * ends in its activation (a ReLU in the paper's network), {@code second} in none, and both keep the channel count
 * and the size. Immutable.
 *
 * @param first  the first convolution, for example {@code residual/residual1/conv1}
 * @param second the second convolution
 */
public record ResidualBlock(ConvLayer first, ConvLayer second) implements Block {

    /**
     * Checks that both convolutions keep the channels and the size, and that the second has no activation.
     *
     * @param first  stride 1, no upsampling, as many output channels as input channels
     * @param second the same, and {@link Activation#NONE}
     * @throws IllegalArgumentException naming the convolution that does not fit
     */
    public ResidualBlock {
        int channels = first.inChannels();
        for (ConvLayer conv : List.of(first, second)) {
            if (conv.stride() != 1 || conv.upsample() != 1) {
                throw new IllegalArgumentException(conv.name() + ": a residual convolution keeps the size");
            }
            if (conv.inChannels() != channels || conv.outChannels() != channels) {
                throw new IllegalArgumentException(conv.name() + ": a residual convolution keeps the channels ("
                        + channels + ")");
            }
        }
        if (second.activation() != Activation.NONE) {
            throw new IllegalArgumentException(second.name() + ": the second residual convolution has no activation");
        }
    }

    @Override
    public List<ConvLayer> convolutions() {
        return List.of(first, second);
    }

    @Override
    public <R> R accept(Block.Visitor<R> visitor) {
        return visitor.residual(this);
    }
}
