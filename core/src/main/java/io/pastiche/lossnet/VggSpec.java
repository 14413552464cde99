package io.pastiche.lossnet;

import java.util.ArrayList;
import java.util.List;

/**
 * The convolutional part of VGG-16 or VGG-19 as data, in torchvision's layer order, so that the weight names of
 * torchvision-layout files ({@code features.N.weight}) follow from it. Feature names are the ReLU outputs,
 * {@code relu1_1} .. {@code relu5_4} (VGG-19) or {@code relu1_1} .. {@code relu5_3} (VGG-16).
 *
 * @param name   {@code vgg16} or {@code vgg19}
 * @param layers in order
 */
public record VggSpec(String name, List<VggLayer> layers) {

    /**
     * Copies the layers; they are not checked.
     *
     * @param name   for messages and checkpoints, for example {@code vgg19}
     * @param layers in order; copied
     */
    public VggSpec {
        layers = List.copyOf(layers);
    }

    /**
     * VGG-16: blocks of 2, 2, 3, 3, 3 convolutions of 64, 128, 256, 512, 512 channels, each block ending in a
     * pooling.
     *
     * @return the layers of torchvision's {@code vgg16}
     */
    public static VggSpec vgg16() {
        return build("vgg16", new int[] {2, 2, 3, 3, 3});
    }

    /**
     * VGG-19: blocks of 2, 2, 4, 4, 4 convolutions of 64, 128, 256, 512, 512 channels, each block ending in a
     * pooling.
     *
     * @return the layers of torchvision's {@code vgg19}
     */
    public static VggSpec vgg19() {
        return build("vgg19", new int[] {2, 2, 4, 4, 4});
    }

    private static VggSpec build(String name, int[] convsPerBlock) {
        return of(name, convsPerBlock, new int[] {64, 128, 256, 512, 512});
    }

    /**
     * A VGG-shaped network of other widths: block {@code b} has {@code convsPerBlock[b]} convolutions of
     * {@code widths[b]} channels, then a pooling. Tests use small ones. The input has 3 channels.
     *
     * @param name          for messages and checkpoints
     * @param convsPerBlock convolutions per block
     * @param widths        output channels per block
     * @return the layers, with torchvision's {@code features} indices
     * @throws IllegalArgumentException if the two arrays differ in length
     */
    public static VggSpec of(String name, int[] convsPerBlock, int[] widths) {
        if (convsPerBlock.length != widths.length) {
            throw new IllegalArgumentException("one width per block");
        }
        List<VggLayer> layers = new ArrayList<>();
        int index = 0;
        int channels = 3;
        for (int block = 0; block < convsPerBlock.length; block++) {
            for (int i = 1; i <= convsPerBlock[block]; i++) {
                layers.add(new VggLayer("conv" + (block + 1) + "_" + i, index, channels, widths[block]));
                channels = widths[block];
                index += 2; // the convolution, then its ReLU
            }
            layers.add(new VggLayer("pool" + (block + 1), index, 0, 0));
            index += 1;
        }
        return new VggSpec(name, layers);
    }

    /**
     * The convolutions, in order.
     *
     * @return a new list, without the poolings
     */
    public List<VggLayer> convolutions() {
        return layers.stream().filter(VggLayer::isConvolution).toList();
    }

    /**
     * Every feature name a loss may use, in order.
     *
     * @return the ReLU outputs, for example {@code relu1_1}, {@code relu1_2}, ...
     */
    public List<String> featureNames() {
        return convolutions().stream().map(VggLayer::reluName).toList();
    }

    /**
     * The smallest image side that reaches the given features: each pooling on the way halves the side.
     *
     * @param features feature names, for example {@link io.pastiche.loss.LossSpec#features()}
     * @return 2 to the power of the poolings before the deepest of them, in pixels
     * @throws IllegalArgumentException for an unknown feature, as {@link #layersUpTo}
     */
    public int minimumSide(List<String> features) {
        int side = 1;
        for (VggLayer layer : layersUpTo(features)) {
            if (!layer.isConvolution()) {
                side *= 2;
            }
        }
        return side;
    }

    /**
     * The channels of a feature.
     *
     * @param feature a feature name, for example {@code relu3_1}
     * @return the output channels of its convolution
     * @throws IllegalArgumentException for an unknown feature
     */
    public int channels(String feature) {
        return convolutions().stream().filter(layer -> layer.reluName().equals(feature)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no feature '" + feature + "'; it has "
                        + featureNames()))
                .outChannels();
    }

    /**
     * The layers needed to compute the given features: up to the deepest of them, no further.
     *
     * @param features feature names
     * @return the first layers, up to and including the deepest feature's convolution; empty for no features
     * @throws IllegalArgumentException naming an unknown feature and listing the known ones
     */
    public List<VggLayer> layersUpTo(List<String> features) {
        int last = -1;
        for (String feature : features) {
            int position = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).isConvolution() && layers.get(i).reluName().equals(feature)) {
                    position = i;
                }
            }
            if (position < 0) {
                throw new IllegalArgumentException(name + " has no feature '" + feature + "'; it has "
                        + featureNames());
            }
            last = Math.max(last, position);
        }
        return layers.subList(0, last + 1);
    }
}
