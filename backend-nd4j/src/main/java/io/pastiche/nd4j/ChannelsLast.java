package io.pastiche.nd4j;

import io.pastiche.tensor.Tensor;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The SPI's NCHW tensors to and from channels-last ND4J arrays ({@link Layout#NHWC}), transposed in Java straight
 * between the Java array and the array's host memory: one pass each way, in blocks of positions that stay in the
 * cache, on the common fork-join pool. ND4J's {@code permute} and {@code dup} took about three times as long (an
 * upload, a strided copy and, for the output, two more copies), which a tiled call pays on every tile.
 */
final class ChannelsLast {

    /** Positions per block: a block of every channel is at most 64 KB for 256 channels. */
    private static final int BLOCK = 64;

    private ChannelsLast() {
    }

    /** A new {@code [B, H, W, C]} array (in the current workspace) holding {@code tensor}'s values. */
    static INDArray upload(Tensor tensor) {
        int channels = tensor.channels();
        int positions = tensor.height() * tensor.width();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, tensor.batch(), tensor.height(), tensor.width(),
                channels);
        FloatBuffer target = host(out);
        float[] source = tensor.data();
        for (int b = 0; b < tensor.batch(); b++) {
            int image = b * positions * channels;
            IntStream.range(0, blocks(positions)).parallel().forEach(block -> {
                int from = block * BLOCK;
                int n = Math.min(BLOCK, positions - from);
                float[] values = new float[n * channels];
                for (int c = 0; c < channels; c++) {
                    int at = image + c * positions + from;
                    for (int p = 0; p < n; p++) {
                        values[p * channels + c] = source[at + p];
                    }
                }
                target.put((int) out.offset() + image + from * channels, values, 0, values.length);
            });
        }
        return out;
    }

    /** The NCHW tensor of a contiguous {@code [B, H, W, C]} array. */
    static Tensor read(INDArray nhwc) {
        if (nhwc.ordering() != 'c' || !Shape.hasDefaultStridesForShape(nhwc)) {
            throw new IllegalStateException("a channels-last read needs a contiguous map, got "
                    + nhwc.shapeInfoToString());
        }
        int batch = Math.toIntExact(nhwc.size(0));
        int height = Math.toIntExact(nhwc.size(1));
        int width = Math.toIntExact(nhwc.size(2));
        int channels = Math.toIntExact(nhwc.size(3));
        int positions = height * width;
        float[] out = new float[Math.multiplyExact(batch, positions * channels)];
        FloatBuffer source = host(nhwc);
        for (int b = 0; b < batch; b++) {
            int image = b * positions * channels;
            IntStream.range(0, blocks(positions)).parallel().forEach(block -> {
                int from = block * BLOCK;
                int n = Math.min(BLOCK, positions - from);
                float[] values = new float[n * channels];
                source.get((int) nhwc.offset() + image + from * channels, values, 0, values.length);
                for (int c = 0; c < channels; c++) {
                    int at = image + c * positions + from;
                    for (int p = 0; p < n; p++) {
                        out[at + p] = values[p * channels + c];
                    }
                }
            });
        }
        return new Tensor(out, batch, channels, height, width);
    }

    private static int blocks(int positions) {
        return (positions + BLOCK - 1) / BLOCK;
    }

    /** The array's host memory as floats, indexed from the start of its buffer. */
    private static FloatBuffer host(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
