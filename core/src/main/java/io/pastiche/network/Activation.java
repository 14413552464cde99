package io.pastiche.network;

/** The activation that follows a convolution and its conditional instance normalisation. */
public enum Activation {
    /** max(0, x). */
    RELU,
    /** 1 / (1 + exp(-x)); the last layer uses it so that the output lies in [0, 1]. */
    SIGMOID,
    /** The identity: the second convolution of a residual block feeds the addition directly. */
    NONE;

    /**
     * Applies this activation to one value; the float64 reference of what every backend computes.
     *
     * @param x the normalised value
     * @return the activated value
     */
    public double apply(double x) {
        return switch (this) {
            case RELU -> Math.max(0.0, x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case NONE -> x;
        };
    }
}
