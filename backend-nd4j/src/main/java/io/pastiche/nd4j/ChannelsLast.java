package io.pastiche.nd4j;

import io.pastiche.tensor.Tensor;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SPI's NCHW tensors to and from channels-last ND4J arrays ({@link Layout#NHWC}), transposed by core's
 * {@link io.pastiche.tensor.ChannelsLast} straight between the Java array and the ND4J array's host memory. ND4J's
 * {@code permute} and {@code dup} took about three times as long (an upload, a strided copy and, for the output,
 * two more copies), which a tiled call pays on every tile.
 */
final class ChannelsLast {

    private ChannelsLast() {
    }

    /** A new {@code [B, H, W, C]} array (in the current workspace) holding {@code tensor}'s values. */
    static INDArray upload(Tensor tensor) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, tensor.batch(), tensor.height(), tensor.width(),
                tensor.channels());
        FloatBuffer target = Arrays4.hostFloats(out);
        int start = Math.toIntExact(out.offset());
        io.pastiche.tensor.ChannelsLast.write(tensor, (index, values, length) ->
                target.put(start + index, values, 0, length));
        return out;
    }

    /** The NCHW tensor of a contiguous {@code [B, H, W, C]} array. */
    static Tensor read(INDArray nhwc) {
        FloatBuffer source = Arrays4.hostFloats(nhwc);
        int start = Math.toIntExact(nhwc.offset());
        return io.pastiche.tensor.ChannelsLast.read((index, values, length) ->
                source.get(start + index, values, 0, length), Math.toIntExact(nhwc.size(0)),
                Math.toIntExact(nhwc.size(3)), Math.toIntExact(nhwc.size(1)), Math.toIntExact(nhwc.size(2)));
    }
}
