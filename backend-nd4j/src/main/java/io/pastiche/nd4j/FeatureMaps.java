package io.pastiche.nd4j;

import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
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
 * workspace learns its size, reached 10 GB resident. One instance per call: it follows which buffer holds the
 * current map and which a kept block input.
 */
final class FeatureMaps {

    /** Not a buffer: the call's input, or no kept block input. */
    static final int OUTSIDE = -1;
    /** The buffer for a residual block's inner map; other layer outputs alternate between 0 and 1. */
    static final int RESIDUAL = 2;

    private final INDArray[] buffers = new INDArray[3];
    /** The buffer of the last layer output handed out. */
    private int current = OUTSIDE;
    /** The buffer of the input of the residual block being run, which its join still needs. */
    private int kept = OUTSIDE;

    /**
     * Allocates, in the current workspace, the buffers for running {@code range} of {@code plan} on a
     * {@code [batch, C, height, width]} input.
     */
    FeatureMaps(NetworkPlan plan, LayerRange range, long batch, long height, long width) {
        long largest = 1;
        long residual = 1;
        long h = height;
        long w = width;
        for (PlannedLayer planned : plan.layers().subList(range.from(), range.to())) {
            h = planned.layer().outputSize((int) h);
            w = planned.layer().outputSize((int) w);
            long size = batch * planned.layer().outChannels() * h * w;
            largest = Math.max(largest, size);
            if (planned.keepInput()) {
                residual = Math.max(residual, size);
            }
        }
        buffers[0] = Nd4j.createUninitialized(DataType.FLOAT, largest);
        buffers[1] = Nd4j.createUninitialized(DataType.FLOAT, largest);
        buffers[RESIDUAL] = Nd4j.createUninitialized(DataType.FLOAT, residual);
    }

    /** Which of the two large buffers holds neither a layer's input ({@code input}) nor a kept block input. */
    static int after(int input, int kept) {
        return input != 0 && kept != 0 ? 0 : 1;
    }

    /**
     * The buffer {@code layer}'s output goes into, the layer's input being the last output handed out: a residual
     * block's first layer writes into {@link #RESIDUAL}, keeping its input for the join; any other layer into the
     * large buffer that holds neither its input nor a kept block input.
     */
    int next(PlannedLayer layer) {
        int buffer;
        if (layer.keepInput()) {
            kept = current;
            buffer = RESIDUAL;
        } else {
            buffer = after(current, kept);
        }
        current = buffer;
        return buffer;
    }

    /** The residual join has added the kept block input: its buffer is free again. */
    void joined() {
        kept = OUTSIDE;
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
