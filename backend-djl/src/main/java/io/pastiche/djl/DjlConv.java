package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import io.pastiche.network.ConvLayer;

/**
 * One convolution of the network with what surrounds it: upsample and reflect pad, VALID convolution without
 * bias, conditional instance normalisation, activation. Stateless: the weights, gamma and beta are arguments, so
 * inference (weights uploaded once) and training (weights and gamma/beta per call, with gradients) share it.
 * Every step is differentiable with respect to the input, the weights, gamma and beta.
 */
final class DjlConv {

    private final ConvLayer layer;

    DjlConv(ConvLayer layer) {
        this.layer = layer;
    }

    ConvLayer layer() {
        return layer;
    }

    /**
     * @param x      NCHW with {@code layer.inChannels()} channels
     * @param weight OIHW float32
     * @param gamma  {@code [B, outChannels]}, image-major
     * @param beta   the same layout
     * @return NCHW with {@code layer.outChannels()} channels, attached to {@code x}'s manager; every intermediate
     *         array handle is freed before returning, so a long network holds only a few feature maps at once
     *         (when autograd records the call, the tensors it saves for the backward pass live on in its graph)
     */
    NDArray apply(NDArray x, NDArray weight, NDArray gamma, NDArray beta) {
        try (NDManager scope = NDManager.subManagerOf(x)) {
            // Operations attach their results to their first operand's manager: with x lent to the scope, every
            // intermediate lands in it and is freed on close, and x goes back to its own manager. The weight is
            // shared by concurrent calls, so it is not lent: a view of it in the scope is, for the kernels made
            // from it (which would otherwise stay in the network's manager until the network closes).
            x.tempAttach(scope);
            NDArray w = weight.reshape(weight.getShape());
            w.attach(scope);
            NDArray conv = UpsampleConvolution.handles(layer) ? UpsampleConvolution.apply(layer, x, w)
                    : Convolution.apply(layer, MirrorPad.apply(NearestUpsample.apply(x, layer.upsample()),
                            layer.padding(), MirrorPad.Mode.REFLECT), w);
            NDArray normed = InstanceNorm.apply(conv, gamma, beta);
            NDArray out = switch (layer.activation()) {
                case RELU -> Activation.relu(normed);
                case SIGMOID -> Activation.sigmoid(normed);
                case NONE -> normed;
            };
            return scope.ret(out);
        }
    }
}
