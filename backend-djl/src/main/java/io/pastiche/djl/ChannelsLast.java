package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pastiche.spi.ChannelsLastTile;
import io.pastiche.tensor.ChannelsLastRowSums;
import io.pastiche.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

/**
 * Arrays in PyTorch's channels-last memory format: NCHW in shape, {@code [B, H, W, C]} in memory. PyTorch's oneDNN
 * convolution takes such an array as it is, where it reorders an NCHW one into its blocked layout and the result
 * back inside every call (docs/backend-djl.md: 1.6 to 3 times faster per convolution); its other operations keep
 * their input's format, so a map uploaded channels-last stays so through the network. The CPU inference path uses
 * it; training and GPU calls stay NCHW.
 */
final class ChannelsLast {

    private ChannelsLast() {
    }

    /**
     * Uploads a tensor channels-last: one transposing copy from the tensor into the new array's memory.
     *
     * @param manager where the array goes (a CPU manager)
     * @param tensor  NCHW values
     * @return NCHW in shape, channels-last in memory
     */
    static NDArray upload(NDManager manager, Tensor tensor) {
        return create(manager, tensor.batch(), tensor.channels(), tensor.height(), tensor.width(),
                target -> write(tensor, target));
    }

    /**
     * Uploads a call's input channels-last into a map from the call's pool: one transposing copy.
     *
     * @param owner the call's manager, which the map is attached to
     * @return NCHW in shape, channels-last in memory
     */
    static NDArray upload(MapPool pool, NDManager owner, Tensor tensor) {
        NDArray x = pool.take(tensor.batch(), tensor.channels(), tensor.height(), tensor.width(), owner);
        write(tensor, memory(x));
        return x;
    }

    /**
     * Uploads a tiled call's input into a map from the call's pool: the tile writes straight into its memory.
     *
     * @param owner the call's manager, which the map is attached to
     * @param tile  the input's shape and values, {@code [B, H, W, C]}
     * @return NCHW in shape, channels-last in memory
     */
    static NDArray upload(MapPool pool, NDManager owner, ChannelsLastTile tile) {
        NDArray x = pool.take(tile.batch(), tile.channels(), tile.height(), tile.width(), owner);
        tile.write(memory(x));
        return x;
    }

    /**
     * A new array channels-last in memory, its values written by {@code values}. No other array is left attached
     * to {@code manager} (it may be the network's, which holds only the weights).
     *
     * @param manager where the array goes (a CPU manager)
     * @param values  writes every value into the array's memory, {@code [B, H, W, C]}
     * @return NCHW in shape, channels-last in memory
     */
    static NDArray create(NDManager manager, long batch, long channels, long height, long width,
                          Consumer<FloatBuffer> values) {
        NDArray nhwc = manager.create(new Shape(batch, height, width, channels));
        values.accept(hostFloats(nhwc));
        return nchwView(nhwc);
    }

    /**
     * An NHWC array as NCHW in shape, channels-last in memory: a view, which holds the memory; the array it was
     * made from is closed, as it is not needed (nor should it be counted) any more.
     *
     * @param nhwc {@code [B, H, W, C]}, contiguous
     * @return NCHW in shape, attached to {@code nhwc}'s manager
     */
    static NDArray nchwView(NDArray nhwc) {
        NDArray view = nhwc.transpose(0, 3, 1, 2);
        nhwc.close();
        return view;
    }

    /** A tensor's NCHW values into channels-last memory, {@code [B, H, W, C]}. */
    private static void write(Tensor tensor, FloatBuffer target) {
        io.pastiche.tensor.ChannelsLast.write(tensor, (index, values, length) -> target.put(index, values, 0, length));
    }

    /**
     * An array's values channels-last: the array itself (as a view) if its memory is so already, which every
     * operation of the inference path keeps, else a channels-last copy. Its {@link #memory} then is its own.
     *
     * @param x NCHW in shape
     * @return the same values, NCHW in shape, channels-last in memory, attached to {@code x}'s manager
     */
    static NDArray of(NDArray x) {
        Shape shape = x.getShape();
        // reshaping to one axis copies only when the NHWC view is not contiguous: the array was not channels-last
        return x.transpose(0, 2, 3, 1).reshape(-1).reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);
    }

    /**
     * The memory of an array made by {@link #of}, {@link #upload}, {@link #create} or {@link MapPool#take},
     * {@code [B, H, W, C]}: writes go to the array.
     *
     * @param channelsLast the array
     * @return its values
     */
    static FloatBuffer memory(NDArray channelsLast) {
        return hostFloats(channelsLast.transpose(0, 2, 3, 1));
    }

    /**
     * The second half of a convolution split by kernel rows, in one Java pass (core's {@link ChannelsLastRowSums}):
     * output row {@code y} sums channel group {@code h} of row {@code y + h} over the {@code rows} groups of
     * {@code outChannels}. PyTorch's shifted additions of those groups were {@code rows - 1} passes, each over
     * strided views that touch every cache line of the split convolution's output.
     *
     * @param partial     the {@code 1 x k} convolution's output, NCHW in shape, {@code [B, rows * outChannels, H, W]}
     * @param rows        the kernel's rows k
     * @param outChannels O
     * @return {@code [B, O, H - rows + 1, W]}, channels-last in memory, attached to {@code partial}'s manager
     */
    static NDArray rowSums(NDArray partial, int rows, int outChannels) {
        Shape shape = partial.getShape();
        int images = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        FloatBuffer source = memory(of(partial));
        return create(partial.getManager(), images, outChannels, height - rows + 1, width, target ->
                ChannelsLastRowSums.sum(source, 0, images, height, width, channels, rows, outChannels, target, 0));
    }

    /**
     * Reads an array into an NCHW tensor, one transposing copy.
     *
     * @param x NCHW in shape, any memory format
     * @return its values
     */
    static Tensor read(NDArray x) {
        Shape shape = x.getShape();
        FloatBuffer source = memory(of(x));
        return io.pastiche.tensor.ChannelsLast.read((index, values, length) -> source.get(index, values, 0, length),
                Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(2)),
                Math.toIntExact(shape.get(3)));
    }

    /**
     * A contiguous CPU array's own memory. DJL would hand a non-contiguous array's memory as a copy, which this
     * cannot tell: callers pass only arrays whose NHWC order is contiguous by construction ({@link #of}, a new
     * array).
     */
    private static FloatBuffer hostFloats(NDArray contiguous) {
        ByteBuffer bytes = contiguous.toByteBuffer(true);
        if (!bytes.isDirect()) {
            throw new IllegalStateException("the array's memory is not reachable from Java: " + contiguous);
        }
        return bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
