package io.pastiche.nd4j;

import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The buffers an inference call's layer outputs are written into, reused layer after layer: at most three maps
 * are alive at once (a residual block's input, its inner map and its output), so a call needs two buffers of the
 * largest layer output and one of the largest inner residual map, instead of a new array per layer. In a
 * workspace, where nothing is freed before the call ends, one array per layer made the call's memory the sum of
 * every layer's output: 6 GB at 2048 x 2048, and the first call, which ND4J serves from fresh memory while the
 * workspace learns its size, reached 10 GB resident.
 */
final class FeatureMaps {

    /** The buffer for a residual block's inner map; layer outputs alternate between 0 and 1. */
    static final int RESIDUAL = 2;

    private final INDArray[] buffers = new INDArray[3];

    /** Allocates, in the current workspace, the buffers for {@code spec} on a {@code [batch, 3, height, width]} input. */
    FeatureMaps(NetworkSpec spec, long batch, long height, long width) {
        long largest = 1;
        long residual = 1;
        long h = height;
        long w = width;
        for (Block block : spec.blocks()) {
            if (block instanceof ResidualBlock r) {
                residual = Math.max(residual, batch * r.first().outChannels() * r.first().outputSize((int) h)
                        * r.first().outputSize((int) w));
            }
            for (ConvLayer layer : block.convolutions()) {
                h = layer.outputSize((int) h);
                w = layer.outputSize((int) w);
                largest = Math.max(largest, batch * layer.outChannels() * h * w);
            }
        }
        buffers[0] = Nd4j.createUninitialized(DataType.FLOAT, largest);
        buffers[1] = Nd4j.createUninitialized(DataType.FLOAT, largest);
        buffers[RESIDUAL] = Nd4j.createUninitialized(DataType.FLOAT, residual);
    }

    /** The buffer a layer writes into when its input is in {@code buffer} (-1: the call's input). */
    static int after(int buffer) {
        return buffer == 0 ? 1 : 0;
    }

    /** A contiguous {@code shape} view of the start of one buffer. */
    INDArray take(int buffer, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        INDArray flat = buffers[buffer];
        if (n > flat.length()) {
            throw new IllegalStateException("feature map of " + n + " values in a buffer of " + flat.length());
        }
        return flat.get(NDArrayIndex.interval(0, n)).reshape('c', shape);
    }
}
