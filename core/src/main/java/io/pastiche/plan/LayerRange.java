package io.pastiche.plan;

/**
 * A contiguous run of a network's convolution layers, {@code from} (inclusive) to {@code to} (exclusive), as
 * {@link NetworkPlan#walk} executes them: each layer's convolution, normalisation and activation, and the
 * residual joins of the blocks inside the range. A range of several layers never cuts a residual block. A range
 * of one layer runs that layer alone, without a residual join (the caller joins); only then may the
 * normalisation be left out, so that a caller can normalise with statistics of its own, as tiled execution does.
 * Immutable; made by {@link NetworkPlan#all()}, {@link NetworkPlan#range} and {@link NetworkPlan#layer}, which
 * check it against the network.
 *
 * @param from      the first layer's index
 * @param to        one past the last layer's index
 * @param normalize whether the last layer's normalisation and activation run; always true for several layers
 */
public record LayerRange(int from, int to, boolean normalize) {

    /**
     * Checks the bounds; {@link NetworkPlan} checks the range against its network.
     *
     * @param from      at least 0
     * @param to        greater than {@code from}
     * @param normalize false only for a range of one layer
     * @throws IllegalArgumentException if the range is empty or leaves out the normalisation of several layers
     */
    public LayerRange {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("a layer range needs 0 <= from < to, was [" + from + ", " + to + ")");
        }
        if (!normalize && to - from != 1) {
            throw new IllegalArgumentException("only a range of one layer can leave out its normalisation, was ["
                    + from + ", " + to + ")");
        }
    }

    /**
     * The number of layers.
     *
     * @return {@code to - from}
     */
    public int size() {
        return to - from;
    }
}
