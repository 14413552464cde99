package io.pastiche.onnx;

import static io.pastiche.onnx.GraphBuilder.ints;
import static io.pastiche.onnx.GraphBuilder.real;
import static io.pastiche.onnx.GraphBuilder.string;

import io.pastiche.model.Model;
import io.pastiche.model.TensorNames;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.onnx.proto.Onnx.GraphProto;
import io.pastiche.plan.LayerOps;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.onnx.proto.Onnx.ValueInfoProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of a model as ONNX nodes, built by core's walk over the layers ({@link NetworkPlan#walk}): for each
 * convolution optional nearest upsampling ({@code Resize}), reflect {@code Pad} by {@code kernel / 2}, a VALID
 * {@code Conv} without bias, conditional instance normalisation, the activation; residual blocks add their
 * input; the result is cropped to the input's height and width.
 *
 * <p>Conditional instance normalisation is {@code InstanceNormalization} with scale 1 and shift 0 followed by
 * {@code Mul} and {@code Add}: the operator's own scale and shift are constants, whereas here they depend on
 * the style input. Each layer's gamma and beta are {@code MatMul(style, table)}, the style weights times the
 * layer's [N, C] table, so a one-hot row picks a style and any other row mixes them as pastiche does.
 */
final class NetworkGraph {

    static final String BATCH = "batch";
    static final String HEIGHT = "height";
    static final String WIDTH = "width";

    private final GraphBuilder graph = new GraphBuilder("pastiche");
    private final Model model;
    private final String spatialAxes;
    private final Map<Integer, String> upsampleScales = new HashMap<>();

    private NetworkGraph(Model model) {
        this.model = model;
        this.spatialAxes = graph.int64s("axes.height_width", 2, 3);
    }

    static GraphProto of(Model model) {
        return new NetworkGraph(model).build();
    }

    private GraphProto build() {
        int styles = model.cin().styles();
        graph.input(FloatTensorType.of(OnnxExport.IMAGE, "RGB image(s), NCHW, values in [0, 1]; any height and "
                + "width from the network's minimum up", BATCH, (long) NetworkSpec.IMAGE_CHANNELS, HEIGHT, WIDTH));
        graph.input(FloatTensorType.of(OnnxExport.STYLE, "one row of " + styles + " style weights per image: "
                + "one-hot for a style, any weights for a mix (used as given, not normalised)", BATCH,
                (long) styles));
        String x = NetworkPlan.of(model.spec()).walk(new Nodes(), OnnxExport.IMAGE);
        graph.node("Slice", OnnxExport.PASTICHE, List.of(x, graph.int64s("crop.starts", 0, 0), inputSize(),
                spatialAxes));
        graph.output(FloatTensorType.of(OnnxExport.PASTICHE, "the pastiche, RGB, NCHW, values in [0, 1], the "
                + "input's height and width", BATCH, (long) NetworkSpec.IMAGE_CHANNELS, HEIGHT, WIDTH));
        return graph.build();
    }

    /**
     * [height, width] of the input image, read at run time: the network's output is larger when a side is not a
     * multiple of its total stride, and pastiche keeps the top-left corner of the input's size.
     */
    private String inputSize() {
        String shape = graph.node("Shape", "input.shape", List.of(OnnxExport.IMAGE));
        return graph.node("Slice", "input.height_width", List.of(shape, graph.int64s("input.shape.from", 2),
                graph.int64s("input.shape.to", 4)));
    }

    /**
     * The layer operations as ONNX nodes, named after the layers. Every {@link io.pastiche.plan.ConvForm} is
     * exported directly, as {@code Resize}, {@code Pad} and {@code Conv}: the forms are the engines' speed-ups, and
     * an ONNX runtime makes its own.
     */
    private final class Nodes implements LayerOps<String> {

        /** The layer last normalised: a residual join is named after the block's last layer. */
        private ConvLayer last;

        @Override
        public String convolve(PlannedLayer layer, String input) {
            ConvLayer conv = layer.layer();
            String p = prefix(conv);
            String x = input;
            if (conv.upsample() != 1) {
                x = graph.node("Resize", p + ".upsampled", List.of(x, "", upsampleScales(conv.upsample())),
                        string("mode", "nearest"), string("coordinate_transformation_mode", "asymmetric"),
                        string("nearest_mode", "floor"));
            }
            int pad = conv.padding();
            if (pad > 0) {
                x = graph.node("Pad", p + ".padded", List.of(x, pads(p, pad)), string("mode", "reflect"));
            }
            String weight = graph.floats(TensorNames.weight(conv), conv.weightShape(), model.weight(layer.index()));
            return graph.node("Conv", p + ".conv", List.of(x, weight), ints("kernel_shape", conv.kernel(),
                    conv.kernel()), ints("strides", conv.stride(), conv.stride()));
        }

        @Override
        public String normalize(PlannedLayer layer, String y) {
            ConvLayer conv = layer.layer();
            String p = prefix(conv);
            String x = normalise(y, conv, layer.index());
            String out = switch (conv.activation()) {
                case RELU -> graph.node("Relu", p + ".relu", List.of(x));
                case SIGMOID -> graph.node("Sigmoid", p + ".sigmoid", List.of(x));
                case NONE -> x;
            };
            graph.valueInfo(featureType(out, conv.outChannels()));
            last = conv;
            return out;
        }

        @Override
        public String join(String blockInput, String blockOutput) {
            String sum = prefix(last) + ".residual_sum";
            String x = graph.node("Add", sum, List.of(blockInput, blockOutput));
            graph.valueInfo(featureType(sum, last.outChannels()));
            return x;
        }
    }

    /** gamma * (x - mean) / sqrt(var + eps) + beta, with this image's gamma and beta. */
    private String normalise(String x, ConvLayer conv, int index) {
        String p = prefix(conv);
        int c = conv.outChannels();
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        String normalised = graph.node("InstanceNormalization", p + ".norm.standardised", List.of(x,
                        graph.floats(p + ".norm.unit_scale", new long[] {c}, ones),
                        graph.floats(p + ".norm.zero_shift", new long[] {c}, new float[c])),
                real("epsilon", (float) ConditionalInstanceNorm.EPSILON));
        ConditionalInstanceNorm norm = model.cin().layers().get(index);
        long[] tableShape = TensorNames.normShape(conv, norm.styles());
        String gamma = perImage(graph.floats(TensorNames.gamma(conv), tableShape, norm.gammaTable()));
        String beta = perImage(graph.floats(TensorNames.beta(conv), tableShape, norm.betaTable()));
        String scaled = graph.node("Mul", p + ".norm.scaled", List.of(normalised, gamma));
        return graph.node("Add", p + ".norm.shifted", List.of(scaled, beta));
    }

    /** A style table [N, C] to this batch's values [batch, C, 1, 1]: style weights times table, per image. */
    private String perImage(String table) {
        String mixed = graph.node("MatMul", table + ".mixed", List.of(OnnxExport.STYLE, table));
        return graph.node("Unsqueeze", table + ".per_image", List.of(mixed, spatialAxes));
    }

    private String pads(String layer, int pad) {
        return graph.int64s(layer + ".pads", 0, 0, pad, pad, 0, 0, pad, pad);
    }

    private String upsampleScales(int factor) {
        return upsampleScales.computeIfAbsent(factor, f -> graph.floats("upsample.scales_x" + f, new long[] {4},
                new float[] {1, 1, f, f}));
    }

    /** A feature map's declared type: the channels are known, the height and width depend on the input. */
    private static ValueInfoProto featureType(String name, int channels) {
        return FloatTensorType.of(name, "", BATCH, (long) channels, null, null);
    }

    private static String prefix(ConvLayer conv) {
        return TensorNames.prefix(conv);
    }
}
