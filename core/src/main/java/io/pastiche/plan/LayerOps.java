package io.pastiche.plan;

/**
 * The operations a backend supplies so that core's {@link NetworkPlan#walk} can run the network on its engine.
 * {@code T} is what the engine passes between layers: a graph node (TensorFlow, ONNX), an eager array (PyTorch),
 * a recorded step (a hand-written backward pass), or a float64 feature map (the reference). An implementation
 * usually serves one call or one graph build: it holds the weights and the batch's gamma/beta it needs.
 *
 * <p>Engines keep their freedom inside a layer (fused normalisation, buffers reused, phase kernels); what they
 * compute is fixed by the float64 reference in core's test-jar, which implements this interface too.
 *
 * @param <T> the engine's feature map, NCHW or NHWC as the engine prefers
 */
public interface LayerOps<T> {

    /**
     * A layer's nearest-neighbour upsampling (if the layer asks), reflect padding by {@code kernel / 2} and VALID
     * convolution without bias, computed in the layer's {@link PlannedLayer#form() form}.
     *
     * @param layer the layer, with its index (for the weights) and form
     * @param x     the layer's input
     * @return the convolution's output, not normalised
     */
    T convolve(PlannedLayer layer, T x);

    /**
     * Conditional instance normalisation with the batch's gamma/beta of the layer (each image its own style), then
     * the layer's activation.
     *
     * @param layer the layer, with its index (for its gamma/beta) and activation
     * @param y     what {@link #convolve} gave for it
     * @return the layer's output
     */
    T normalize(PlannedLayer layer, T y);

    /**
     * A residual join: the block's input plus the normalised output of its last layer. The walk does not use
     * {@code blockInput} after this call, nor {@code blockOutput}, so an engine may add in place.
     *
     * @param blockInput  the input of the block's first layer
     * @param blockOutput the output of its last layer
     * @return their sum
     */
    T join(T blockInput, T blockOutput);
}
