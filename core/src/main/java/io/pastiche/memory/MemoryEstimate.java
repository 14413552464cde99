package io.pastiche.memory;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;

/**
 * About how much memory the engines need for one call of the network: a multiple of its largest feature map. The
 * multiple was measured as the peak resident memory of whole-picture calls: 740-860 bytes per pixel for the
 * full-width network on the three engines, 278 for the half-width default model on TensorFlow, where the largest
 * map is 128 and 64 bytes per pixel.
 */
public final class MemoryEstimate {

    /** Live feature maps, engine buffers and workspaces, as a multiple of the largest feature map. */
    static final int LARGEST_MAPS = 6;

    private MemoryEstimate() {
    }

    /**
     * The bytes a call on {@code batch} images of {@code height} x {@code width} pixels needs, roughly: six times
     * the largest float32 feature map plus the input and output images, per image, and the weights once.
     *
     * @param spec   the network
     * @param batch  images per call
     * @param height each image's height, in pixels
     * @param width  each image's width, in pixels
     * @return the estimate, in bytes
     */
    public static long forward(NetworkSpec spec, int batch, int height, int width) {
        long largest = 0;
        long h = height;
        long w = width;
        for (ConvLayer conv : spec.convolutions()) {
            h = conv.outputSize((int) h);
            w = conv.outputSize((int) w);
            largest = Math.max(largest, conv.outChannels() * h * w * Float.BYTES);
        }
        long input = (long) NetworkSpec.IMAGE_CHANNELS * height * width * Float.BYTES;
        return batch * (LARGEST_MAPS * largest + 2 * input) + spec.weightCount() * Float.BYTES;
    }
}
