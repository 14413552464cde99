package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.tensor.ChannelsLastPad;

/**
 * Reflect and edge padding of channels-last maps, in Java (core's {@link ChannelsLastPad}): one pass into a map
 * from the call's {@link MapPool}, so the ten residual convolutions, which pad maps of one size, reuse one array,
 * and so do calls. PyTorch's constant pad, the only one DJL has, took a fresh zero-filled array and then five
 * copies for the borders ({@link MirrorPad}).
 */
final class ChannelsLastPadding {

    private ChannelsLastPadding() {
    }

    /**
     * Pads a map by {@code padding} on each side.
     *
     * @param x       NCHW in shape, channels-last in memory
     * @param padding pixels on each side
     * @param mode    what the borders repeat
     * @param pool    where the padded map's memory comes from; the caller releases it when done
     * @param scope   the layer's scope, which the padded map is attached to
     * @return NCHW in shape, channels-last in memory; {@code x} itself if {@code padding} is 0
     */
    static NDArray apply(NDArray x, int padding, ChannelsLastPad.Mode mode, MapPool pool, NDManager scope) {
        if (padding == 0) {
            return x;
        }
        Shape shape = x.getShape();
        int images = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        NDArray out = pool.take(images, channels, height + 2L * padding, width + 2L * padding, scope);
        ChannelsLastPad.pad(ChannelsLast.memory(ChannelsLast.of(x)), 0, images, height, width, channels, padding,
                mode, ChannelsLast.memory(out), 0);
        return out;
    }
}
