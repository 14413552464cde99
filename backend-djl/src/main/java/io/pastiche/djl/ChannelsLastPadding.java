package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.tensor.ChannelsLastPad;

/**
 * Reflect and edge padding of one call's channels-last maps, in Java (core's {@link ChannelsLastPad}): one pass into
 * an array that the call's next padding of the same size reuses (the ten residual convolutions pad maps of one
 * size). PyTorch's constant pad, the only one DJL has, took a fresh zero-filled array and then five copies for the
 * borders ({@link MirrorPad}). Not thread-safe: one per call.
 */
final class ChannelsLastPadding {

    private final NDManager manager;
    /** The last padded map, {@code [B, H, W, C]}; replaced when a padding of another size comes. */
    private NDArray buffer;

    /**
     * @param manager the call's manager, which owns the reused array
     */
    ChannelsLastPadding(NDManager manager) {
        this.manager = manager;
    }

    /**
     * Pads a map by {@code padding} on each side.
     *
     * @param x       NCHW in shape
     * @param padding pixels on each side
     * @param mode    what the borders repeat
     * @param scope   the layer's scope, which the returned view goes to: the view holds the array's memory, so it
     *                must be closed before that memory is freed
     * @return NCHW in shape, channels-last in memory; valid until the next call of this method
     */
    NDArray apply(NDArray x, int padding, ChannelsLastPad.Mode mode, NDManager scope) {
        if (padding == 0) {
            return x;
        }
        Shape shape = x.getShape();
        int images = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        Shape padded = new Shape(images, height + 2L * padding, width + 2L * padding, channels);
        if (buffer == null || !buffer.getShape().equals(padded)) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = manager.create(padded);
        }
        NDArray out = buffer.transpose(0, 3, 1, 2);
        out.attach(scope);
        ChannelsLastPad.pad(ChannelsLast.memory(ChannelsLast.of(x)), 0, images, height, width, channels, padding,
                mode, ChannelsLast.memory(out), 0);
        return out;
    }
}
