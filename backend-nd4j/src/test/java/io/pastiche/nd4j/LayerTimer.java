package io.pastiche.nd4j;

/**
 * One engine's version of the layers {@link SpeedMeasurement} times, each on one image, outside the backends so
 * that a layer's own cost shows: a VALID convolution of an already padded input, and CIN followed by ReLU.
 */
interface LayerTimer extends AutoCloseable {

    /** Prepares a convolution of a {@code [1, in, side + k - 1, side + k - 1]} input; the task runs it once. */
    Runnable convolution(int in, int out, int kernel, int side);

    /** Prepares CIN and ReLU on {@code [1, channels, side, side]}; the task runs it once. */
    Runnable instanceNorm(int channels, int side);

    @Override
    void close();
}
