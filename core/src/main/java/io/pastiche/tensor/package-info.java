/**
 * The one data type that images, losses and the backend SPI share: {@link io.pastiche.tensor.Tensor}, an NCHW
 * float32 array with its shape; and the passes over feature maps that core's CPU paths and the backends share
 * (channels-last padding and upsampling phases, {@link io.pastiche.tensor.ParallelRuns} for splitting a pass over
 * the common pool).
 */
package io.pastiche.tensor;
