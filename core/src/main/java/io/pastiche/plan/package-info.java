/**
 * How core executes a network on any engine: the {@link io.pastiche.plan.NetworkPlan} decides once, from the
 * {@link io.pastiche.network.NetworkSpec}, each convolution's {@link io.pastiche.plan.ConvForm} and where the
 * residual joins are, and walks the layers, calling a backend's {@link io.pastiche.plan.LayerOps}. Every engine,
 * the float64 reference and the ONNX export run the same walk; a backend supplies only the layer operations.
 */
package io.pastiche.plan;
