/**
 * The pastiche backend on Deep Java Library's PyTorch engine: {@link io.pastiche.djl.DjlBackendProvider} is found
 * by {@link java.util.ServiceLoader} under the name {@code djl}. Only the provider is public; everything else is
 * reached through the SPI of {@code io.pastiche.spi}. See {@code docs/backend-djl.md}.
 */
package io.pastiche.djl;
