package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.ConvForm;
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
    /** When {@link #channelsLast}: the memory of the call's padded and large maps, and when a map is large. */
    private final MapPool pool;
    private final ConvStrips strips;

    private DjlLayers(List<NDArray> weights, CinArrays cin, NDArray input, MapPool pool, ConvStrips strips) {
        this.weights = weights;
        this.cin = cin;
        this.input = input;
        this.channelsLast = pool != null;
        this.pool = pool;
        this.strips = strips;
    }

    /**
     * Runs a range of the network on NCHW maps (training, and inference on a GPU).
     *
     * @param input   NCHW; not closed
     * @param weights per layer, OIHW
     * @param cin     per layer, the batch's gamma and beta
     * @return the range's output, attached to {@code input}'s manager
     */
    static NDArray walk(NetworkPlan plan, LayerRange range, NDArray input, List<NDArray> weights, CinArrays cin) {
        return plan.walk(range, new DjlLayers(weights, cin, input, null, null), input);
    }

    /**
     * Runs a range of the network on channels-last maps (CPU inference), normalised in place in Java; layers
     * whose arrays are large are convolved in strips into memory from {@code pool}.
     *
     * @param input   NCHW in shape, channels-last in memory ({@link ChannelsLast#upload}); not closed
     * @param weights per layer, OIHW in shape, channels-last in memory
     * @param cin     per layer, the batch's gamma and beta
     * @param pool    the call's memory for large maps; the result may be one of them
     * @param strips  which layers are convolved in strips
     * @return the range's output, attached to {@code input}'s manager
     */
    static NDArray walkChannelsLast(NetworkPlan plan, LayerRange range, NDArray input, List<NDArray> weights,
                                    CinArrays cin, MapPool pool, ConvStrips strips) {
        return plan.walk(range, new DjlLayers(weights, cin, input, pool, strips), input);
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
            NDArray y = channelsLast ? convolveChannelsLast(layer, planned.form(), x, w, scope)
                    : convolveNchw(layer, planned.form(), x, w);
            NDArray result = scope.ret(y);
            if (channelsLast && x != input && !planned.keepInput()) {
                pool.release(x); // its memory may hold the next layer's output
            }
            return result;
        }
    }

    /** A convolution of an NCHW map, padded by PyTorch's operations (differentiably). */
    private static NDArray convolveNchw(ConvLayer layer, ConvForm form, NDArray x, NDArray w) {
        return switch (form) {
            case DIRECT -> Convolution.direct(layer, MirrorPad.apply(NearestUpsample.apply(x, layer.upsample()),
                    layer.padding(), MirrorPad.Mode.REFLECT), w);
            case ROW_SPLIT -> Convolution.rowSplit(layer, MirrorPad.apply(x, layer.padding(), MirrorPad.Mode.REFLECT),
                    w, false);
            case UPSAMPLE_PHASES -> UpsampleConvolution.apply(layer, MirrorPad.apply(x, 1, MirrorPad.Mode.SYMMETRIC),
                    w, false);
        };
    }

    /**
     * A convolution of a channels-last map, padded in Java; in strips into a pooled map when its arrays would be
     * large ({@link ConvStrips}), else whole.
     */
    private NDArray convolveChannelsLast(ConvLayer layer, ConvForm form, NDArray x, NDArray w, NDManager scope) {
        NDArray padded = switch (form) {
            case DIRECT -> pad(NearestUpsample.apply(x, layer.upsample()), layer.padding(),
                    ChannelsLastPad.Mode.REFLECT, scope);
            case ROW_SPLIT -> pad(x, layer.padding(), ChannelsLastPad.Mode.REFLECT, scope);
            case UPSAMPLE_PHASES -> pad(x, 1, ChannelsLastPad.Mode.EDGE, scope);
        };
        NDArray y = switch (form) {
            case DIRECT -> direct(layer, padded, w, scope);
            case ROW_SPLIT -> rowSplit(layer, padded, w, scope);
            case UPSAMPLE_PHASES -> upsample(layer, padded, w, scope);
        };
        if (padded != x) {
            pool.release(padded);
        }
        return y;
    }

    private NDArray pad(NDArray x, int p, ChannelsLastPad.Mode mode, NDManager scope) {
        return ChannelsLastPadding.apply(x, p, mode, pool, scope);
    }

    private NDArray direct(ConvLayer layer, NDArray padded, NDArray w, NDManager scope) {
        Shape in = padded.getShape();
        long height = (in.get(2) - layer.kernel()) / layer.stride() + 1;
        long width = (in.get(3) - layer.kernel()) / layer.stride() + 1;
        if (!strips.needed(in.get(0) * layer.outChannels() * height * width)) {
            return Convolution.direct(layer, padded, w);
        }
        NDArray out = pool.take(in.get(0), layer.outChannels(), height, width, scope);
        StripConvolution.direct(layer, padded, w, out, strips);
        return out;
    }

    private NDArray rowSplit(ConvLayer layer, NDArray padded, NDArray w, NDManager scope) {
        Shape in = padded.getShape();
        int k = layer.kernel();
        long width = in.get(3) - k + 1;
        if (!strips.needed(in.get(0) * k * layer.outChannels() * in.get(2) * width)) { // the split's output
            return Convolution.rowSplit(layer, padded, w, true);
        }
        NDArray out = pool.take(in.get(0), layer.outChannels(), in.get(2) - k + 1, width, scope);
        StripConvolution.rowSplit(layer, padded, Convolution.rowKernels(layer, w), out, strips);
        return out;
    }

    /** @param padded the input padded by 1, repeating its edge */
    private NDArray upsample(ConvLayer layer, NDArray padded, NDArray w, NDManager scope) {
        Shape in = padded.getShape();
        long height = in.get(2) - 2;
        long width = in.get(3) - 2;
        if (!strips.needed(in.get(0) * 4 * layer.outChannels() * (height + 1) * (width + 1))) { // the phases
            return UpsampleConvolution.apply(layer, padded, w, true);
        }
        NDArray out = pool.take(in.get(0), layer.outChannels(), 2 * height, 2 * width, scope);
        StripConvolution.upsample(layer, padded, UpsampleConvolution.kernels(w), out, strips);
        return out;
    }

    @Override
    public NDArray normalize(PlannedLayer planned, NDArray y) {
        try (NDManager scope = NDManager.subManagerOf(y)) {
            lend(y, scope, false);
            int i = planned.index();
            io.pastiche.network.Activation activation = planned.layer().activation();
            if (channelsLast) {
                NDArray z = pool.owns(y) ? y : ChannelsLast.of(y); // a pooled map stays the pool's
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
        if (blockInput == input) {
            return blockOutput;
        }
        if (channelsLast) {
            pool.release(blockInput);
        } else {
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
