package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.LayerOps;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.tensor.ChannelsLastPad;
import io.pastiche.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The network's layer operations on PyTorch for core's walk, one instance per call: it holds the call's weights
 * and gamma/beta. Inference and training both walk through it; whether autograd records is up to the caller
 * (PyTorch's per-thread grad mode and the arrays that require gradients). Every operation is differentiable with
 * respect to the input, the weights, gamma and beta.
 *
 * <p>Each operation works in a scope of its own, freed before it returns, and a feature map is freed as soon as
 * the walk is done with it (not the call's input, which the caller owns), so a long network holds only a few
 * feature maps at once; when autograd records, what its backward pass saves lives on in its graph.
 */
final class DjlLayers implements LayerOps<NDArray> {

    private final List<NDArray> weights;
    private final CinArrays cin;
    private final NDArray input;
    /** CPU inference: maps channels-last in memory, padded and normalised in Java ({@link ChannelsLast}). */
    private final boolean channelsLast;
    /** The call's padding when {@link #channelsLast}, else null. */
    private final ChannelsLastPadding padding;

    private DjlLayers(List<NDArray> weights, CinArrays cin, NDArray input, boolean channelsLast) {
        this.weights = weights;
        this.cin = cin;
        this.input = input;
        this.channelsLast = channelsLast;
        this.padding = channelsLast ? new ChannelsLastPadding(input.getManager()) : null;
    }

    /**
     * Runs a range of the network.
     *
     * @param input   NCHW; not closed
     * @param weights per layer, OIHW
     * @param cin     per layer, the batch's gamma and beta
     * @param channelsLast whether {@code input} is channels-last in memory ({@link ChannelsLast#upload}): CPU
     *                inference; every map then is, and the normalisation runs in place in Java
     * @return the range's output, attached to {@code input}'s manager
     */
    static NDArray walk(NetworkPlan plan, LayerRange range, NDArray input, List<NDArray> weights, CinArrays cin,
                        boolean channelsLast) {
        return plan.walk(range, new DjlLayers(weights, cin, input, channelsLast), input);
    }

    @Override
    public NDArray convolve(PlannedLayer planned, NDArray x) {
        ConvLayer layer = planned.layer();
        try (NDManager scope = NDManager.subManagerOf(x)) {
            // Operations attach their results to their first operand's manager: with x in the scope, every
            // intermediate lands in it and is freed on close. The weight is shared by concurrent calls, so it is
            // not lent: a view of it in the scope is, for the kernels made from it (which would otherwise stay in
            // the network's manager until the network closes).
            lend(x, scope, planned.keepInput());
            NDArray weight = weights.get(planned.index());
            NDArray w = weight.reshape(weight.getShape());
            w.attach(scope);
            NDArray y = switch (planned.form()) {
                case DIRECT -> Convolution.direct(layer, reflect(NearestUpsample.apply(x, layer.upsample()),
                        layer.padding(), scope), w);
                case ROW_SPLIT -> Convolution.rowSplit(layer, reflect(x, layer.padding(), scope), w, channelsLast);
                case UPSAMPLE_PHASES -> UpsampleConvolution.apply(layer, channelsLast
                        ? padding.apply(x, 1, ChannelsLastPad.Mode.EDGE, scope)
                        : MirrorPad.apply(x, 1, MirrorPad.Mode.SYMMETRIC), w, channelsLast);
            };
            return scope.ret(y);
        }
    }

    /** Reflect padding, in Java for channels-last maps, else by PyTorch's operations. */
    private NDArray reflect(NDArray x, int p, NDManager scope) {
        return channelsLast ? padding.apply(x, p, ChannelsLastPad.Mode.REFLECT, scope)
                : MirrorPad.apply(x, p, MirrorPad.Mode.REFLECT);
    }

    @Override
    public NDArray normalize(PlannedLayer planned, NDArray y) {
        try (NDManager scope = NDManager.subManagerOf(y)) {
            lend(y, scope, false);
            int i = planned.index();
            io.pastiche.network.Activation activation = planned.layer().activation();
            if (channelsLast) {
                NDArray z = ChannelsLast.of(y);
                if (cin.styles().masked()) {
                    InstanceNorm.perPositionInPlace(z, cin.styles(), i, activation);
                } else {
                    InstanceNorm.inPlace(z, cin.styles().gamma(i), cin.styles().beta(i), activation);
                }
                return scope.ret(z);
            }
            if (cin.styles().masked()) {
                return scope.ret(InstanceNorm.perPosition(y, cin, i, activation));
            }
            NDArray normed = InstanceNorm.apply(y, cin.gamma().get(i), cin.beta().get(i));
            NDArray out = switch (activation) {
                case RELU -> Activation.relu(normed);
                case SIGMOID -> Activation.sigmoid(normed);
                case NONE -> normed;
            };
            return scope.ret(out);
        }
    }

    /**
     * In place: the block's second layer ends in a CIN without activation, whose output no backward function
     * saves, so autograd allows it.
     */
    @Override
    public NDArray join(NDArray blockInput, NDArray blockOutput) {
        blockOutput.addi(blockInput);
        if (blockInput != input) {
            blockInput.close();
        }
        return blockOutput;
    }

    /**
     * Moves a feature map into an operation's scope: for good (freed with it) when the walk is done with it, else
     * until the scope closes (the call's input, which the caller owns, or a block's input the join still needs).
     */
    private void lend(NDArray x, NDManager scope, boolean needed) {
        if (x == input || needed) {
            x.tempAttach(scope);
        } else {
            x.attach(scope);
        }
    }

    /**
     * Uploads the convolution weights, which core has checked against the network.
     *
     * @param weights          one OIHW float32 array per layer, as the SPI gives them
     * @param requiresGradient attach a gradient to every array (training)
     * @param channelsLast     lay each out channels-last in memory ({@code [O, kH, kW, I]}, OIHW in shape), as the
     *                         maps of CPU inference are: PyTorch then takes the weights as they are, where it copied
     *                         an OIHW weight into that format inside every convolution (its profiler: 16 copies,
     *                         2.6 ms of a 256 x 256 call)
     */
    static List<NDArray> upload(NDManager manager, NetworkPlan plan, List<float[]> weights,
                                boolean requiresGradient, boolean channelsLast) {
        List<NDArray> uploaded = new ArrayList<>(weights.size());
        for (PlannedLayer layer : plan.layers()) {
            float[] values = weights.get(layer.index());
            long[] oihw = layer.layer().weightShape();
            NDArray w = channelsLast ? ChannelsLast.upload(manager, new Tensor(values, Math.toIntExact(oihw[0]),
                    Math.toIntExact(oihw[1]), Math.toIntExact(oihw[2]), Math.toIntExact(oihw[3])))
                    : manager.create(values, new Shape(oihw));
            if (requiresGradient) {
                w.setRequiresGradient(true);
            }
            uploaded.add(w);
        }
        return List.copyOf(uploaded);
    }
}
