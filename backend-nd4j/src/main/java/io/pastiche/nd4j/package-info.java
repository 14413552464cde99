/**
 * The pastiche backend on ND4J (Eclipse Deeplearning4j): {@link io.pastiche.nd4j.Nd4jBackendProvider} is found by
 * {@link java.util.ServiceLoader} under the name {@code nd4j}. Only the provider is public; everything else is
 * reached through the SPI of {@code io.pastiche.spi}. See {@code docs/backend-nd4j.md}.
 */
package io.pastiche.nd4j;
