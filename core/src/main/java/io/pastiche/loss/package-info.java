/**
 * The training losses, defined once, engine-independently, with the normalisations of the paper's reference
 * implementation (Magenta {@code learning.py}). Backends compute the same functions on their engines (with
 * autodiff); these plain-Java versions, accumulated in double, are the definition they are tested against.
 *
 * <p>Every function takes feature maps as {@link io.pastiche.tensor.Tensor} (NCHW) and returns the mean over the
 * batch.
 */
package io.pastiche.loss;
