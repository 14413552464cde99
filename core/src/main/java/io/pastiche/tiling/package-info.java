/**
 * Tiled execution: the network run over a picture tile by tile, with the same result as the whole picture at
 * once. Every convolution gets the halo it needs from its neighbours (the engine's reflect padding is used only
 * at the picture's true border), and every normalisation uses the statistics of the whole feature map, so there
 * are no seams by construction. docs/architecture.md explains the arithmetic.
 */
package io.pastiche.tiling;
