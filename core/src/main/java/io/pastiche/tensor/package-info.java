/**
 * The one data type that images, losses and the backend SPI share: {@link io.pastiche.tensor.Tensor}, an NCHW
 * float32 array with its shape.
 */
package io.pastiche.tensor;
