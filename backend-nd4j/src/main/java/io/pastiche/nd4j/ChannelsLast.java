package io.pastiche.nd4j;

import io.pastiche.spi.ChannelsLastTile;
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
        FloatBuffer target = memory(out);
        io.pastiche.tensor.ChannelsLast.write(tensor, (index, values, length) -> target.put(index, values, 0, length));
        return out;
    }

    /** A new {@code [B, H, W, C]} array (in the current workspace) that a tiled call's input is written into. */
    static INDArray upload(ChannelsLastTile tile) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, tile.batch(), tile.height(), tile.width(),
                tile.channels());
        tile.write(memory(out));
        return out;
    }

    /** A contiguous array's own values, from index 0. */
    static FloatBuffer memory(INDArray contiguous) {
        return Arrays4.hostFloats(contiguous).slice(Math.toIntExact(contiguous.offset()),
                Math.toIntExact(contiguous.length()));
    }

    /** The NCHW tensor of a contiguous {@code [B, H, W, C]} array. */
    static Tensor read(INDArray nhwc) {
        FloatBuffer source = memory(nhwc);
        return io.pastiche.tensor.ChannelsLast.read((index, values, length) -> source.get(index, values, 0, length),
                Math.toIntExact(nhwc.size(0)),
                Math.toIntExact(nhwc.size(3)), Math.toIntExact(nhwc.size(1)), Math.toIntExact(nhwc.size(2)));
    }
}
