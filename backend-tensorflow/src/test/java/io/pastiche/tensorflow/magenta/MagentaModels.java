package io.pastiche.tensorflow.magenta;

import com.google.protobuf.ByteString;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Magenta style transformers made by the tests with TensorFlow Java itself: random variables under Magenta's names
 * and shapes, saved as a real checkpoint (SaveV2), or built into a frozen GraphDef that computes Magenta's
 * transformer ({@code model.py} / {@code ops.py}: reflect pad, VALID convolution, weighted conditional instance
 * normalisation, ReLU, residual adds, nearest-neighbour upsampling, sigmoid) with Magenta's node names, and its
 * 8-bit version as TensorFlow's {@code quantize_weights} transform makes it.
 */
final class MagentaModels {

    static final String OUTPUT = "transformer/expand/conv3/conv/Sigmoid";
    static final String STYLE = "style_num";

    private MagentaModels() {
    }

    /** The Magenta scope of a pastiche layer name. */
    static String scope(String layer) {
        return "transformer/" + layer + (layer.startsWith("expand/") ? "/conv" : "");
    }

    /** Random variables by Magenta name: weights HWIO, gamma and beta [N, C]; in the order of the layers. */
    static Map<String, float[]> randomVariables(NetworkSpec spec, int styles, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> variables = new LinkedHashMap<>();
        for (ConvLayer conv : spec.convolutions()) {
            String scope = scope(conv.name());
            float[] w = new float[conv.weightCount()];
            double scale = 1 / Math.sqrt(conv.kernel() * conv.kernel() * conv.inChannels());
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (scale * random.nextGaussian());
            }
            float[] gamma = new float[styles * conv.outChannels()];
            float[] beta = new float[gamma.length];
            for (int i = 0; i < gamma.length; i++) {
                gamma[i] = (float) (1 + 0.3 * random.nextGaussian());
                beta[i] = (float) (0.3 * random.nextGaussian());
            }
            variables.put(scope + "/weights", w);
            variables.put(scope + "/InstanceNorm/gamma", gamma);
            variables.put(scope + "/InstanceNorm/beta", beta);
        }
        return variables;
    }

    static long[] shape(NetworkSpec spec, int styles, String variable) {
        for (ConvLayer conv : spec.convolutions()) {
            String scope = scope(conv.name());
            if (variable.equals(scope + "/weights")) {
                return new long[] {conv.kernel(), conv.kernel(), conv.inChannels(), conv.outChannels()};
            }
            if (variable.startsWith(scope + "/InstanceNorm/")) {
                return new long[] {styles, conv.outChannels()};
            }
        }
        throw new IllegalArgumentException(variable);
    }

    /**
     * Saves float variables with the given shapes as a TensorFlow V2 checkpoint (the SaveV2 op), with what a
     * training checkpoint holds besides: {@code global_step}, a VGG variable and an Adam slot.
     */
    static void saveCheckpoint(Map<String, float[]> variables, Map<String, long[]> shapes, Path prefix) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            List<String> names = new ArrayList<>();
            List<Operand<?>> tensors = new ArrayList<>();
            variables.forEach((name, values) -> {
                names.add(name);
                tensors.add(tf.constant(Shape.of(shapes.get(name)), DataBuffers.of(values, true, false)));
            });
            names.add("global_step");
            tensors.add(tf.constant(1234L));
            names.add("vgg_16/conv1/conv1_1/weights");
            tensors.add(tf.constant(Shape.of(3, 3, 3, 2), DataBuffers.of(new float[54], true, false)));
            String first = variables.keySet().iterator().next();
            names.add(first + "/Adam");
            tensors.add(tf.constant(Shape.of(shapes.get(first)), DataBuffers.of(variables.get(first), true, false)));
            String[] empty = new String[names.size()];
            java.util.Arrays.fill(empty, "");
            var save = tf.train.save(tf.constant(prefix.toString()), tf.constant(java.nio.charset.StandardCharsets.UTF_8, names.toArray(String[]::new)),
                    tf.constant(java.nio.charset.StandardCharsets.UTF_8, empty), tensors);
            try (Session session = new Session(graph)) {
                session.runner().addTarget(save).run();
            }
        }
    }

    /** Shapes of {@link #randomVariables}. */
    static Map<String, long[]> shapes(NetworkSpec spec, int styles, Map<String, float[]> variables) {
        Map<String, long[]> shapes = new HashMap<>();
        variables.keySet().forEach(name -> shapes.put(name, shape(spec, styles, name)));
        return shapes;
    }

    /**
     * A frozen GraphDef of Magenta's transformer with these variables as constants (and the {@code read} Identity
     * nodes that freezing leaves), the image input {@code input} (NHWC, RGB in [0, 1]) and the style weights
     * {@code style_num} [N], which mix the gamma/beta rows as Magenta's {@code weighted_instance_norm} does.
     */
    static GraphDef frozenGraph(NetworkSpec spec, int styles, Map<String, float[]> variables) {
        try (Graph graph = new Graph()) {
            Ops root = Ops.create(graph);
            Scopes scopes = new Scopes(root);
            Operand<TFloat32> input = root.withName("input").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            Operand<TFloat32> style = root.withName(STYLE).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(styles)));
            Operand<TFloat32> x = input;
            List<ConvLayer> convs = spec.convolutions();
            for (int i = 0; i < convs.size(); i++) {
                ConvLayer conv = convs.get(i);
                if (conv.name().endsWith("/conv1") && conv.name().startsWith("residual/")) {
                    String block = "transformer/" + conv.name().substring(0, conv.name().lastIndexOf('/'));
                    Operand<TFloat32> h = layer(scopes, conv, x, style, styles, variables);
                    h = layer(scopes, convs.get(++i), h, style, styles, variables);
                    x = scopes.get(block).withName("add").math.add(x, h);
                } else {
                    x = layer(scopes, conv, x, style, styles, variables);
                }
            }
            if (!x.op().name().equals(OUTPUT)) {
                throw new IllegalStateException("the output is " + x.op().name());
            }
            return graph.toGraphDef();
        }
    }

    private static Operand<TFloat32> layer(Scopes scopes, ConvLayer conv, Operand<TFloat32> x, Operand<TFloat32> style,
                                           int styles, Map<String, float[]> variables) {
        String scope = scope(conv.name());
        Ops outer = scopes.get(conv.name().startsWith("expand/") ? "transformer/" + conv.name()
                : scope.substring(0, scope.lastIndexOf('/')));
        if (conv.name().startsWith("expand/")) {
            // Magenta's upsampling: resize_nearest_neighbor(x, [stride * height, stride * width]), also by 1.
            Operand<TInt32> shape = outer.shape(x);
            List<Operand<TInt32>> size = new ArrayList<>();
            for (int axis = 1; axis <= 2; axis++) {
                Operand<TInt32> side = outer.stridedSlice(shape, outer.constant(new int[] {axis}),
                        outer.constant(new int[] {axis + 1}), outer.constant(new int[] {1}),
                        StridedSlice.shrinkAxisMask(1L));
                size.add(outer.math.mul(side, outer.constant(conv.upsample())));
            }
            x = outer.image.resizeNearestNeighbor(x, outer.stack(size));
        }
        int p = conv.padding();
        x = outer.mirrorPad(x, outer.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), "REFLECT");

        Ops s = scopes.get(scope);
        Operand<TFloat32> w = s.withName("weights").constant(Shape.of(conv.kernel(), conv.kernel(),
                conv.inChannels(), conv.outChannels()), DataBuffers.of(variables.get(scope + "/weights"), true, false));
        w = scopes.get(scope + "/weights").withName("read").identity(w);
        Operand<TFloat32> y = s.withName("Conv2D").nn.conv2d(x, w, List.of(1L, (long) conv.stride(),
                (long) conv.stride(), 1L), "VALID");

        // ops.weighted_instance_norm: weights * var summed over the styles, then tf.nn.moments and
        // tf.nn.batch_normalization.
        Ops n = scopes.get(scope + "/InstanceNorm");
        int c = conv.outChannels();
        Operand<TFloat32> beta = mixed(scopes, n, scope + "/InstanceNorm/beta", style, styles, c, variables);
        Operand<TFloat32> gamma = mixed(scopes, n, scope + "/InstanceNorm/gamma", style, styles, c, variables);
        Ops moments = scopes.get(scope + "/InstanceNorm/moments");
        Operand<TInt32> axes = moments.constant(new int[] {1, 2});
        Operand<TFloat32> mean = moments.math.mean(y, axes, Mean.keepDims(true));
        Operand<TFloat32> variance = moments.math.mean(moments.math.squaredDifference(y, moments.stopGradient(mean)),
                axes, Mean.keepDims(true));
        Ops bn = scopes.get(scope + "/InstanceNorm/batchnorm");
        Operand<TFloat32> inv = bn.math.mul(bn.math.rsqrt(bn.math.add(variance, bn.constant(1e-5f))), gamma);
        Operand<TFloat32> out = bn.math.add(bn.math.mul(y, inv), bn.math.sub(beta, bn.math.mul(mean, inv)));
        return switch (conv.activation()) {
            case RELU -> s.withName("Relu").nn.relu(out);
            case SIGMOID -> s.withName("Sigmoid").math.sigmoid(out);
            case NONE -> out;
        };
    }

    private static Operand<TFloat32> mixed(Scopes scopes, Ops n, String name, Operand<TFloat32> style, int styles,
                                           int channels, Map<String, float[]> variables) {
        String leaf = name.substring(name.lastIndexOf('/') + 1);
        Operand<TFloat32> table = n.withName(leaf).constant(Shape.of(styles, channels),
                DataBuffers.of(variables.get(name), true, false));
        table = scopes.get(name).withName("read").identity(table);
        Operand<TFloat32> weights = n.reshape(style, n.constant(new int[] {styles, 1}));
        Operand<TFloat32> sum = n.sum(n.math.mul(weights, table), n.constant(0), Sum.keepDims(true));
        return n.expandDims(n.expandDims(sum, n.constant(1)), n.constant(1));
    }

    /** One Ops per scope path, made once (TensorFlow Java would make a second sub-scope of a name unique). */
    private static final class Scopes {
        private final Ops root;
        private final Map<String, Ops> byPath = new HashMap<>();

        Scopes(Ops root) {
            this.root = root;
        }

        Ops get(String path) {
            Ops ops = byPath.get(path);
            if (ops == null) {
                int slash = path.lastIndexOf('/');
                Ops parent = slash < 0 ? root : get(path.substring(0, slash));
                ops = parent.withSubScope(path.substring(slash + 1));
                byPath.put(path, ops);
            }
            return ops;
        }
    }

    /**
     * What TensorFlow's {@code quantize_weights} graph transform does to every float constant named
     * {@code .../weights}: a quint8 constant {@code name_quantized_const}, float constants
     * {@code name_quantized_min} and {@code name_quantized_max} (the range widened to hold 0), and a Dequantize node
     * of the old name, in the given mode (the transform uses MIN_FIRST). Gamma and beta stay float.
     */
    static GraphDef quantize(GraphDef graph, String mode) {
        GraphDef.Builder out = GraphDef.newBuilder(graph).clearNode();
        for (NodeDef node : graph.getNodeList()) {
            if (!node.getOp().equals("Const") || !node.getName().endsWith("/weights")) {
                out.addNode(node);
                continue;
            }
            TensorProto value = node.getAttrOrThrow("value").getTensor();
            float[] w = floats(value);
            float min = 0;
            float max = 0;
            for (float v : w) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            byte[] q = new byte[w.length];
            for (int i = 0; i < w.length; i++) {
                q[i] = (byte) quantizeMinFirst(w[i], min, max);
            }
            String name = node.getName();
            out.addNode(constant(name + "_quantized_const", DataType.DT_QUINT8, value.getTensorShape(),
                    ByteString.copyFrom(q)));
            out.addNode(scalar(name + "_quantized_min", min));
            out.addNode(scalar(name + "_quantized_max", max));
            out.addNode(NodeDef.newBuilder().setName(name).setOp("Dequantize")
                    .addInput(name + "_quantized_const").addInput(name + "_quantized_min")
                    .addInput(name + "_quantized_max")
                    .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_QUINT8).build())
                    .putAttr("mode", AttrValue.newBuilder().setS(ByteString.copyFromUtf8(mode)).build()));
        }
        return out.build();
    }

    /** TensorFlow's FloatToQuantized for quint8 (quantization_utils.h), as quantize_weights uses it. */
    static int quantizeMinFirst(float value, float min, float max) {
        double range = (max - min) * (256.0 / 255.0);
        double scale = 256.0 / range;
        long q = Math.round(value * scale) - Math.round(min * scale);
        return (int) Math.max(0, Math.min(255, q));
    }

    /** TensorFlow's QuantizedToFloat for quint8 (the MIN_FIRST dequantisation). */
    static float dequantizeMinFirst(int q, float min, float max) {
        double range = (max - min) * (256.0 / 255.0);
        double step = range / 256.0;
        double minRounded = Math.round(min / (float) step) * (float) step;
        return (float) (minRounded + q * step);
    }

    static float[] floats(TensorProto t) {
        ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static NodeDef constant(String name, DataType type, TensorShapeProto shape, ByteString content) {
        TensorProto tensor = TensorProto.newBuilder().setDtype(type).setTensorShape(shape).setTensorContent(content)
                .build();
        return NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(type).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }

    private static NodeDef scalar(String name, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return constant(name, DataType.DT_FLOAT, TensorShapeProto.getDefaultInstance(),
                ByteString.copyFrom(b.array()));
    }

    /**
     * Runs a frozen graph in TensorFlow on one image.
     *
     * @param nhwc  the image, [1, h, w, 3]
     * @param style the style weights, length N
     * @return the output, NHWC
     */
    static float[] run(GraphDef graphDef, float[] nhwc, int h, int w, float[] style) {
        try (Graph graph = new Graph()) {
            graph.importGraphDef(graphDef);
            try (Session session = new Session(graph);
                 TFloat32 image = TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(nhwc, true, false));
                 TFloat32 weights = TFloat32.tensorOf(Shape.of(style.length), DataBuffers.of(style, true, false));
                 Result result = session.runner().feed("input", image).feed(STYLE, weights).fetch(OUTPUT).run()) {
                var out = result.get(0);
                float[] values = new float[Math.toIntExact(out.shape().size())];
                out.asRawTensor().data().asFloats().read(values);
                return values;
            }
        }
    }

    /** A slim "mobile" layout: other channel counts (8, 12, 16) and two residual blocks. */
    static NetworkSpec mobile() {
        List<io.pastiche.network.Block> blocks = new ArrayList<>();
        blocks.add(new ConvLayer("contract/conv1", 3, 8, 9, 1, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv2", 8, 12, 3, 2, 1, Activation.RELU));
        blocks.add(new ConvLayer("contract/conv3", 12, 16, 3, 2, 1, Activation.RELU));
        for (int i = 1; i <= 2; i++) {
            blocks.add(new io.pastiche.network.ResidualBlock(
                    new ConvLayer("residual/residual" + i + "/conv1", 16, 16, 3, 1, 1, Activation.RELU),
                    new ConvLayer("residual/residual" + i + "/conv2", 16, 16, 3, 1, 1, Activation.NONE)));
        }
        blocks.add(new ConvLayer("expand/conv1", 16, 12, 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv2", 12, 8, 3, 1, 2, Activation.RELU));
        blocks.add(new ConvLayer("expand/conv3", 8, 3, 9, 1, 1, Activation.SIGMOID));
        return new NetworkSpec(blocks);
    }
}
