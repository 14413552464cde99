package io.pastiche.spi;

import io.pastiche.plan.LayerRange;
import io.pastiche.plan.StyleBatch;
import io.pastiche.tensor.ChannelsLast;
import io.pastiche.tensor.Tensor;

import java.nio.FloatBuffer;

/**
 * A network compiled by an {@link Engine}, with its convolution weights; the batch's gamma/beta come with each
 * call. Core's {@link CompiledNetwork} checks every call's arguments before it arrives here and never closes this
 * under a running call.
 */
public interface EngineNetwork extends AutoCloseable {

    /**
     * Runs a range of the network's layers.
     *
     * @param range  the layers, checked against the network; {@code plan.all()} for the whole network, which an
     *               engine that compiles graphs should run as one program
     * @param input  NCHW, the range's input channels, every side at least the range's minimum
     * @param styles the batch's gamma/beta, one row per image
     * @return the range's output, NCHW (for the whole network: not cropped back to the input's size)
     */
    Tensor run(LayerRange range, Tensor input, StyleBatch styles);

    /**
     * Runs a range of layers on a channels-last map that the caller writes into the engine's input and reads out of
     * its output. An engine whose maps are channels-last in memory it can reach should override this and hand over
     * that memory; this default goes through {@link #run(LayerRange, Tensor, StyleBatch)}: the input written into a
     * Java buffer and transposed to NCHW, the output transposed back.
     *
     * @param range  the layers, checked against the network
     * @param tile   the input's shape, where it comes from and where the output goes
     * @param styles the batch's gamma/beta, one row per image
     */
    default void run(LayerRange range, ChannelsLastTile tile, StyleBatch styles) {
        float[] in = new float[Math.multiplyExact(tile.batch(),
                Math.multiplyExact(tile.channels(), Math.multiplyExact(tile.height(), tile.width())))];
        tile.write(FloatBuffer.wrap(in));
        Tensor input = ChannelsLast.read((index, values, length) -> System.arraycopy(in, index, values, 0, length),
                tile.batch(), tile.channels(), tile.height(), tile.width());
        Tensor output = run(range, input, styles);
        float[] out = new float[output.data().length];
        ChannelsLast.write(output, (index, values, length) -> System.arraycopy(values, 0, out, index, length));
        tile.read(FloatBuffer.wrap(out).asReadOnlyBuffer(), output.height(), output.width());
    }

    /** Frees the engine's memory for this network. Core calls it once, when no call is running. */
    @Override
    void close();
}
