package io.pastiche.lossnet;

/** The pooling of the loss network; the paper replaces VGG's max pooling by average pooling. */
public enum Pooling {
    AVERAGE,
    MAX
}
