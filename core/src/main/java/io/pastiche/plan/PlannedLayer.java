package io.pastiche.plan;

import io.pastiche.network.ConvLayer;

/**
 * One convolution layer as the {@link NetworkPlan} runs it. Immutable.
 *
 * @param index     the layer's position among the network's convolutions, which is also its CIN layer's index
 *                  (its gamma/beta in a {@link StyleBatch}) and its weights' index
 * @param layer     the layer
 * @param form      how its upsampling, padding and convolution are computed
 * @param keepInput whether its input is needed after it, by the residual join of the block it starts; an
 *                  engine that reuses buffers must not write this layer's output over its input
 * @param joins     whether the residual join follows this layer: it ends a residual block, whose input is added
 *                  to its normalised output
 */
public record PlannedLayer(int index, ConvLayer layer, ConvForm form, boolean keepInput, boolean joins) {
}
