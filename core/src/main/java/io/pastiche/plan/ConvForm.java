package io.pastiche.plan;

import io.pastiche.network.ConvLayer;

/**
 * How a convolution layer's upsampling, reflect padding and convolution are computed: every form gives the same
 * function, and the rules that choose one are decided here, once, for every backend. A backend computes each form
 * in its engine's terms (or all of them directly, where a form does not pay on that engine); a {@code switch} over
 * this enum without a {@code default} makes the compiler name every backend to touch when a form is added.
 * docs/architecture.md describes each form and how it was measured.
 */
public enum ConvForm {

    /** Upsampling (if the layer asks), reflect padding by {@code kernel / 2}, one VALID convolution. */
    DIRECT,

    /**
     * A convolution to few channels from many with a large kernel, as the network's last 9x9 layer to RGB:
     * reflect padding, then a {@code 1 x k} convolution to {@code k * O} channels (one per kernel row and output
     * channel), then the sum of the {@code k} row groups, each shifted by its row. The engines' convolution
     * kernels vectorise over output channels and leave most lanes idle on 3 of them; measured 2 to 3.4 times
     * faster for the 9x9 32 to 3 layer.
     */
    ROW_SPLIT,

    /**
     * Nearest-neighbour upsampling x2, reflect padding by 1 and a 3x3 convolution, computed at the input's
     * resolution: one 2x2 kernel per output phase, applied to the input padded by repeating its edge, then the
     * four phases interleaved. 2.25 times fewer multiplications, the same result.
     */
    UPSAMPLE_PHASES;

    /** Output channels up to which {@link #ROW_SPLIT} pays (measured: 4 yes, 8 about even, 16 no). */
    public static final int ROW_SPLIT_MAX_OUT = 4;
    /** Input channels from which {@link #ROW_SPLIT} pays (a convolution from RGB is fast as it is). */
    public static final int ROW_SPLIT_MIN_IN = 8;

    /**
     * The form a layer is computed in.
     *
     * @param layer the convolution layer
     * @return {@link #UPSAMPLE_PHASES} for upsampling x2 then a 3x3 convolution with stride 1,
     *         {@link #ROW_SPLIT} for a stride-1 convolution from at least {@value #ROW_SPLIT_MIN_IN} channels to
     *         at most {@value #ROW_SPLIT_MAX_OUT} without upsampling, else {@link #DIRECT}
     */
    public static ConvForm of(ConvLayer layer) {
        if (layer.upsample() == 2 && layer.kernel() == 3 && layer.stride() == 1) {
            return UPSAMPLE_PHASES;
        }
        if (layer.upsample() == 1 && layer.stride() == 1 && layer.kernel() > 1
                && layer.outChannels() <= ROW_SPLIT_MAX_OUT && layer.inChannels() >= ROW_SPLIT_MIN_IN) {
            return ROW_SPLIT;
        }
        return DIRECT;
    }
}
