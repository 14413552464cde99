/**
 * The pastiche backend on TensorFlow Java (graph mode): {@link io.pastiche.tensorflow.TensorflowBackendProvider} is
 * found by {@link java.util.ServiceLoader} under the name {@code tensorflow}. Only the provider is public;
 * everything else is reached through the SPI of {@code io.pastiche.spi}. See {@code docs/backend-tensorflow.md}.
 */
package io.pastiche.tensorflow;
