package io.pastiche.lossnet;

/** The pooling of the loss network; the paper replaces VGG's max pooling by average pooling. */
public enum Pooling {
    /** The mean of each 2x2 window, as in the paper. */
    AVERAGE,
    /** The largest value of each 2x2 window, as VGG was trained. */
    MAX
}
