package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

/**
 * Where a tiled call's output goes, band by band, top to bottom, on the calling thread: into an image, so that the
 * picture's output is never held as floats whole.
 */
@FunctionalInterface
public interface BandSink {

    /**
     * Takes the next band of the network's output (not cropped: the network's output may be larger than its input).
     *
     * @param band [batch, channels, rows, width]; the sink may keep it
     * @param from the band's first row in the output
     */
    void accept(Tensor band, int from);
}
