package io.pastiche.tensorflow;

import io.pastiche.network.ConvLayer;
import io.pastiche.plan.LayerOps;
import io.pastiche.plan.PlannedLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The style network's layers as TensorFlow operations, NHWC, added to a graph as core's
 * {@link io.pastiche.plan.NetworkPlan#walk} calls them: per layer, in its form, nearest-neighbour upsampling x2 (if
 * the layer asks), reflect padding by {@code kernel / 2} and a VALID convolution without bias ({@link Convolution};
 * the three together by {@link UpsampleConvolution}), then conditional instance normalisation with the batch's
 * gamma/beta ({@link InstanceNorm}) and the activation; a residual join is one addition. Inference and training
 * build the same operations; only where the weights come from differs (constants, or inputs fed per call). One
 * instance builds one output of one graph; not thread-safe.
 */
final class TensorflowLayers implements LayerOps<Operand<TFloat32>> {

    private final Ops tf;
    private final List<? extends Operand<TFloat32>> weights;
    private final CinInputs cin;
    private final MaskInputs mask;
    private final boolean single;
    /** Per layer index, the one sub-scope both halves of a layer add their operations to (names as one scope). */
    private final Map<Integer, Ops> scopes = new HashMap<>();

    /**
     * @param weights per layer index, HWIO; entries of layers the graph does not run may be null
     * @param cin     the batch's gamma and beta of the layers the graph normalises
     * @param single  build for batches of exactly one image (a cheaper normalisation, see {@link InstanceNorm})
     */
    TensorflowLayers(Ops tf, List<? extends Operand<TFloat32>> weights, CinInputs cin, boolean single) {
        this(tf, weights, cin, null, single);
    }

    /**
     * @param mask the style weights per position of a masked graph, or null; {@code cin} then holds the mask's
     *             styles' rows
     */
    TensorflowLayers(Ops tf, List<? extends Operand<TFloat32>> weights, CinInputs cin, MaskInputs mask,
                     boolean single) {
        this.tf = tf;
        this.weights = weights;
        this.cin = cin;
        this.mask = mask;
        this.single = single;
    }

    @Override
    public Operand<TFloat32> convolve(PlannedLayer layer, Operand<TFloat32> x) {
        Ops scope = scope(layer);
        ConvLayer conv = layer.layer();
        Operand<TFloat32> weight = weights.get(layer.index());
        return switch (layer.form()) {
            case UPSAMPLE_PHASES -> UpsampleConvolution.apply(scope, x, weight);
            case ROW_SPLIT -> Convolution.rowSplit(scope, conv, padded(scope, conv, x), weight);
            case DIRECT -> Convolution.direct(scope, conv, padded(scope, conv, x), weight);
        };
    }

    @Override
    public Operand<TFloat32> normalize(PlannedLayer layer, Operand<TFloat32> y) {
        Ops scope = scope(layer);
        ConvLayer conv = layer.layer();
        Operand<TFloat32> gamma = cin.gamma(layer.index());
        Operand<TFloat32> beta = cin.beta(layer.index());
        Operand<TFloat32> normed = mask != null
                ? InstanceNorm.perPosition(scope, y, gamma, beta, mask.weights(layer.index()), conv.outChannels(),
                        single)
                : single ? InstanceNorm.single(scope, y, gamma, beta)
                : InstanceNorm.batched(scope, y, gamma, beta, conv.outChannels());
        return switch (conv.activation()) {
            case RELU -> scope.nn.relu(normed);
            case SIGMOID -> scope.math.sigmoid(normed);
            case NONE -> normed;
        };
    }

    @Override
    public Operand<TFloat32> join(Operand<TFloat32> blockInput, Operand<TFloat32> blockOutput) {
        return tf.math.add(blockInput, blockOutput);
    }

    private Ops scope(PlannedLayer layer) {
        return scopes.computeIfAbsent(layer.index(), i -> tf.withSubScope(layer.layer().name().replace('/', '_')));
    }

    /** Upsampling (if the layer asks) and reflect padding, as the layer describes them. */
    private static Operand<TFloat32> padded(Ops tf, ConvLayer conv, Operand<TFloat32> x) {
        Operand<TFloat32> y = x;
        if (conv.upsample() == 2) {
            y = upsample(tf, y);
        }
        int p = conv.padding();
        if (p > 0) {
            y = MirrorPad.reflect(tf, y, p);
        }
        return y;
    }

    /**
     * Nearest-neighbour x2: pixel (y, x) of the result is pixel (y / 2, x / 2) of the input, exactly
     * ({@code ResizeNearestNeighbor} without corner alignment or half-pixel centres computes floor(y * in / out)).
     */
    static Operand<TFloat32> upsample(Ops tf, Operand<TFloat32> x) {
        Operand<TInt32> size = tf.math.mul(
                tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {2})),
                tf.constant(new int[] {2, 2}));
        return tf.image.resizeNearestNeighbor(x, size);
    }
}
