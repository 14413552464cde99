package io.pastiche.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The style transfer network as data: the ordered blocks, from the RGB input to the RGB output. Every backend
 * builds its engine graph from this one definition; the order of {@link #convolutions()} is also the order of
 * the conditional instance normalisation layers. Immutable.
 *
 * <p>{@link #standard(double)} is the network of the paper's reference implementation (Magenta
 * {@code image_stylization}); other layouts, such as the slimmer mobile variants, are expressed by listing
 * their blocks.
 *
 * @param blocks the blocks in the order they run
 */
public record NetworkSpec(List<Block> blocks) {

    /** Input and output channels: RGB. */
    public static final int IMAGE_CHANNELS = 3;

    /**
     * Checks that the blocks make a network from RGB to RGB.
     *
     * @param blocks at least one; copied
     * @throws IllegalArgumentException if there are none, two layers have the same name, a layer's input channels
     *                                  are not the previous layer's output channels (3 for the first), or the last
     *                                  layer does not give 3 channels
     */
    public NetworkSpec {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one block");
        }
        int channels = IMAGE_CHANNELS;
        Set<String> names = new HashSet<>();
        for (Block block : blocks) {
            for (ConvLayer conv : block.convolutions()) {
                if (!names.add(conv.name())) {
                    throw new IllegalArgumentException("two layers are named " + conv.name());
                }
                if (conv.inChannels() != channels) {
                    throw new IllegalArgumentException(conv.name() + " takes " + conv.inChannels()
                            + " channels but the layer before it gives " + channels);
                }
                channels = conv.outChannels();
            }
        }
        if (channels != IMAGE_CHANNELS) {
            throw new IllegalArgumentException("the last layer must give " + IMAGE_CHANNELS + " channels, not "
                    + channels);
        }
    }

    /**
     * The paper's network, as Magenta's {@code image_stylization} builds it: three contracting convolutions (9x9
     * to 32, 3x3/2 to 64, 3x3/2 to 128), five residual blocks of 128, two upsample-then-convolve layers (3x3 to
     * 64, 3x3 to 32) and a 9x9 convolution to RGB with a sigmoid; every convolution but the last is followed by a
     * ReLU, except the second of each residual block. {@code alpha} scales every channel count but the output's,
     * as Magenta's width multiplier. docs/model-format.md lists the layers' names.
     *
     * @param alpha the width multiplier, in (0, 16]: each width becomes {@code (int) (width * alpha)}, at least 1
     * @return the network; {@code standard(1.0)} is the paper's full width
     * @throws IllegalArgumentException if {@code alpha} is not in (0, 16]
     */
    public static NetworkSpec standard(double alpha) {
        return standard(alpha, 5);
    }

    /**
     * The paper's network with another number of residual blocks.
     *
     * @param alpha          the width multiplier, in (0, 16], as for {@link #standard(double)}
     * @param residualBlocks the number of residual blocks, {@code >= 0} (the paper has 5)
     * @return the network
     * @throws IllegalArgumentException if {@code alpha} is not in (0, 16] or {@code residualBlocks} is negative
     */
    public static NetworkSpec standard(double alpha, int residualBlocks) {
        if (!(alpha > 0) || alpha > 16) {
            throw new IllegalArgumentException("alpha must be in (0, 16], was " + alpha);
        }
        if (residualBlocks < 0) {
            throw new IllegalArgumentException("residualBlocks must be >= 0, was " + residualBlocks);
        }
        int c1 = scaled(32, alpha);
        int c2 = scaled(64, alpha);
        int c3 = scaled(128, alpha);
        List<Block> blocks = new ArrayList<>();
        blocks.add(new ConvLayer("contract/conv1", IMAGE_CHANNELS, c1, 9, 1, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv2", c1, c2, 3, 2, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv3", c2, c3, 3, 2, 1, Activation.RELU));
        for (int i = 1; i <= residualBlocks; i++) {
            String prefix = "residual/residual" + i;
            blocks.add(new ResidualBlock(
                    new ConvLayer(prefix + "/conv1", c3, c3, 3, 1, 1, Activation.RELU),
                    new ConvLayer(prefix + "/conv2", c3, c3, 3, 1, 1, Activation.NONE)));
        }
        blocks.add(new ConvLayer("expand/conv1", c3, c2, 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv2", c2, c1, 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv3", c1, IMAGE_CHANNELS, 9, 1, 1, Activation.SIGMOID));
        return new NetworkSpec(blocks);
    }

    private static int scaled(int channels, double alpha) {
        return Math.max(1, (int) (channels * alpha));
    }

    /**
     * Every convolution in the order it runs; CIN layer {@code i} follows convolution {@code i}.
     *
     * @return a new list
     */
    public List<ConvLayer> convolutions() {
        List<ConvLayer> all = new ArrayList<>();
        for (Block block : blocks) {
            all.addAll(block.convolutions());
        }
        return all;
    }

    /**
     * The network's output side length for an input side length, before the crop back to the input size.
     *
     * @param inputSize the input's side, in pixels
     * @return the output's side, in pixels; at least {@code inputSize} for the standard network
     */
    public int outputSize(int inputSize) {
        int size = inputSize;
        for (ConvLayer conv : convolutions()) {
            size = conv.outputSize(size);
        }
        return size;
    }

    /**
     * The smallest input side length the network accepts: reflect padding by {@code p} needs a side of at
     * least {@code p + 1} at every layer.
     *
     * @return the smallest side, in pixels, for both height and width
     */
    public int minimumInputSize() {
        for (int size = 1; ; size++) {
            if (accepts(size)) {
                return size;
            }
        }
    }

    private boolean accepts(int inputSize) {
        int size = inputSize;
        for (ConvLayer conv : convolutions()) {
            int padded = size * conv.upsample();
            if (padded <= conv.padding()) {
                return false;
            }
            size = conv.outputSize(size);
        }
        return true;
    }

    /**
     * Number of convolution weights.
     *
     * @return the sum over the convolutions
     */
    public long weightCount() {
        return convolutions().stream().mapToLong(ConvLayer::weightCount).sum();
    }

    /**
     * Number of CIN channels, which is the number of gamma (and of beta) values per style.
     *
     * @return the sum of the convolutions' output channels
     */
    public int normChannels() {
        return convolutions().stream().mapToInt(ConvLayer::outChannels).sum();
    }

    /**
     * Floating-point operations of the convolutions for one image (a multiply-add counts two).
     *
     * @param height the input's height, in pixels
     * @param width  the input's width, in pixels
     * @return the sum over the convolutions, each at its own input size
     */
    public double flops(int height, int width) {
        double total = 0;
        int h = height;
        int w = width;
        for (ConvLayer conv : convolutions()) {
            total += conv.flops(h, w);
            h = conv.outputSize(h);
            w = conv.outputSize(w);
        }
        return total;
    }
}
