package io.pastiche.tensorflow.magenta;

import com.google.protobuf.ByteString;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.MagentaLayouts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Magenta's transformer in the form TensorFlow's eightbit rewrite ({@code quantize_graph.py --mode=eightbit}, the
 * tool the released mobile graph was made with) gives it, built op by op with TensorFlow's raw operations and the
 * rewrite's node names: every convolution a {@code QuantizedConv2D} of a {@code QuantizeV2}'d reflect padding with
 * a quint8 filter, {@code RequantizationRange}, {@code Requantize} and {@code Dequantize}; ReLUs
 * {@code QuantizedRelu}; the style vector and the moments' shift through {@code QuantizedReshape}; the
 * normalisation with the older {@code tf.nn.moments} ({@code Gather}, {@code Prod}, {@code Reciprocal}).
 */
final class EightBitModels {

    private EightBitModels() {
    }

    /** The slim layout of the released mobile network: 32 channels, six residual blocks, expand to 8 and 4. */
    static NetworkSpec slim() {
        return MagentaLayouts.mobile();
    }

    /**
     * 8-bit weights as quantize_graph.py stores them: the range widened to hold 0, quint8 values by TensorFlow's
     * MIN_FIRST quantisation.
     */
    record Weights(byte[] q, float min, float max) {

        static Weights of(float[] w) {
            float min = 0;
            float max = 0;
            for (float v : w) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            byte[] q = new byte[w.length];
            for (int i = 0; i < w.length; i++) {
                q[i] = (byte) MagentaModels.quantizeMinFirst(w[i], min, max);
            }
            return new Weights(q, min, max);
        }

        /** TensorFlow's MIN_FIRST reading of the quint8 values, as QuantizedConv2D computes with them. */
        float[] dequantised() {
            float[] w = new float[q.length];
            for (int i = 0; i < q.length; i++) {
                w[i] = MagentaModels.dequantizeMinFirst(q[i] & 0xff, min, max);
            }
            return w;
        }
    }

    /** The variables with every {@code .../weights} replaced by its 8-bit values read back as floats. */
    static Map<String, float[]> dequantised(Map<String, float[]> variables) {
        Map<String, float[]> out = new LinkedHashMap<>(variables);
        variables.forEach((name, values) -> {
            if (name.endsWith("/weights")) {
                out.put(name, Weights.of(values).dequantised());
            }
        });
        return out;
    }

    /** The eightbit graph of Magenta's transformer with these float variables (weights quantised here). */
    static GraphDef graph(NetworkSpec spec, int styles, Map<String, float[]> variables) {
        return graph(spec, styles, variables, false);
    }

    /**
     * The same, optionally with float weights that a QuantizeV2 quantises at run time, as {@code quantize_nodes}
     * leaves them when {@code quantize_weights} did not run before it.
     */
    static GraphDef graph(NetworkSpec spec, int styles, Map<String, float[]> variables, boolean floatFilters) {
        try (Graph graph = new Graph()) {
            Builder b = new Builder(graph, floatFilters);
            Output<?> input = b.op("Placeholder", "input", List.of(), o -> o.setAttr("dtype", DataType.DT_FLOAT)
                    .setAttr("shape", Shape.of(-1, -1, -1, 3)));
            Output<?> style = b.op("Placeholder", MagentaModels.STYLE, List.of(),
                    o -> o.setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(styles)));
            Output<?> x = input;
            List<ConvLayer> convs = spec.convolutions();
            for (int i = 0; i < convs.size(); i++) {
                ConvLayer conv = convs.get(i);
                if (conv.name().startsWith("residual/") && conv.name().endsWith("/conv1")) {
                    String block = "transformer/" + conv.name().substring(0, conv.name().lastIndexOf('/'));
                    Output<?> h = b.layer(conv, x, style, styles, variables);
                    h = b.layer(convs.get(++i), h, style, styles, variables);
                    x = b.op("Add", block + "/add", List.of(x, h), o -> { });
                } else {
                    x = b.layer(conv, x, style, styles, variables);
                }
            }
            if (!x.op().name().equals(MagentaModels.OUTPUT)) {
                throw new IllegalStateException("the output is " + x.op().name());
            }
            return graph.toGraphDef();
        }
    }

    /** Raw operations under explicit names (the rewrite's names hold slashes that a Scope would not take). */
    private static final class Builder {
        private final Graph graph;
        private final Ops tf;
        private final Map<String, Integer> counters = new HashMap<>();
        private final java.util.Set<String> prologues = new java.util.HashSet<>();
        private final boolean floatFilters;

        Builder(Graph graph, boolean floatFilters) {
            this.graph = graph;
            this.tf = Ops.create(graph);
            this.floatFilters = floatFilters;
        }

        Output<?> op(String type, String name, List<Output<?>> inputs, Consumer<OperationBuilder> attrs) {
            return build(type, name, inputs, attrs).output(0);
        }

        Operation build(String type, String name, List<Output<?>> inputs, Consumer<OperationBuilder> attrs) {
            OperationBuilder builder = graph.opBuilder(type, name, tf.scope());
            inputs.forEach(builder::addInput);
            attrs.accept(builder);
            return builder.build();
        }

        /** {@code base}, {@code base_1}, {@code base_2}, ... as TensorFlow names repeated operations. */
        String unique(String base) {
            int n = counters.merge(base, 1, Integer::sum) - 1;
            return n == 0 ? base : base + "_" + n;
        }

        Output<?> constant(String name, DataType type, long[] shape, ByteString content) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (long d : shape) {
                s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            TensorProto tensor = TensorProto.newBuilder().setDtype(type).setTensorShape(s).setTensorContent(content)
                    .build();
            return op("Const", name, List.of(), o -> o.setAttr("dtype", type)
                    .setAttr("value", AttrValue.newBuilder().setTensor(tensor).build()));
        }

        Output<?> ints(String name, int... values) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                buffer.putInt(v);
            }
            return constant(name, DataType.DT_INT32, new long[] {values.length}, ByteString.copyFrom(buffer.array()));
        }

        Output<?> floats(String name, long[] shape, float... values) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                buffer.putFloat(v);
            }
            return constant(name, DataType.DT_FLOAT, shape, ByteString.copyFrom(buffer.array()));
        }

        /** quantize_graph's prologue for one float input of {@code node}: flatten, Min, Max, QuantizeV2. */
        Operation quantize(String node, Output<?> tensor) {
            String prefix = node + "_eightbit";
            if (prologues.add(prefix)) {
                ints(prefix + "_reshape_dims", -1);
                ints(prefix + "_reduction_dims", 0);
            }
            Output<?> dims = graph.operation(prefix + "_reshape_dims").output(0);
            Output<?> axis = graph.operation(prefix + "_reduction_dims").output(0);
            String in = tensor.op().name();
            Output<?> flat = op("Reshape", prefix + "_reshape_" + in, List.of(tensor, dims), o -> { });
            Output<?> min = op("Min", prefix + "_min_" + in, List.of(flat, axis), o -> o.setAttr("keep_dims", false));
            Output<?> max = op("Max", prefix + "_max_" + in, List.of(flat, axis), o -> o.setAttr("keep_dims", false));
            return build("QuantizeV2", prefix + "_quantize_" + in, List.of(tensor, min, max),
                    o -> o.setAttr("T", DataType.DT_QUINT8).setAttr("mode", "MIN_FIRST"));
        }

        /** The three outputs of a quantised result brought back to float by a MIN_FIRST Dequantize named X. */
        Output<?> dequantize(String name, Operation quantised) {
            return op("Dequantize", name, List.of(quantised.output(0), quantised.output(1), quantised.output(2)),
                    o -> o.setAttr("mode", "MIN_FIRST"));
        }

        /** A float Reshape X as the rewrite leaves it: QuantizeV2, QuantizedReshape, Dequantize named X. */
        Output<?> reshape(String name, Output<?> tensor, Output<?> shape) {
            Operation q = quantize(name, tensor);
            Operation r = build("QuantizedReshape", name + "_eightbit_quantized_reshape",
                    List.of(q.output(0), shape, q.output(1), q.output(2)), o -> { });
            return dequantize(name, r);
        }

        Output<?> layer(ConvLayer conv, Output<?> x, Output<?> style, int styles, Map<String, float[]> variables) {
            String scope = MagentaModels.scope(conv.name());
            boolean expand = conv.name().startsWith("expand/");
            String parent = expand ? "transformer/" + conv.name() : scope.substring(0, scope.lastIndexOf('/'));
            if (expand) {
                // Magenta's upsampling: resize_nearest_neighbor(x, [stride * height, stride * width]).
                Output<?> shape = op("Shape", parent + "/Shape", List.of(x), o -> { });
                List<Output<?>> size = new ArrayList<>();
                for (int axis = 1; axis <= 2; axis++) {
                    String slice = unique(parent + "/strided_slice");
                    Output<?> side = op("StridedSlice", slice, List.of(shape, ints(slice + "/stack", axis),
                            ints(slice + "/stack_1", axis + 1), ints(slice + "/stack_2", 1)),
                            o -> o.setAttr("shrink_axis_mask", 1L));
                    String mul = unique(parent + "/mul");
                    Output<?> factor = constant(mul + "/x", DataType.DT_INT32, new long[0], ByteString.copyFrom(
                            ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(conv.upsample()).array()));
                    size.add(op("Mul", mul, List.of(factor, side), o -> { }));
                }
                Output<?> packed = op("Pack", parent + "/ResizeNearestNeighbor/size", List.of(),
                        o -> o.addInputList(size.toArray(Output<?>[]::new)));
                x = op("ResizeNearestNeighbor", parent + "/ResizeNearestNeighbor", List.of(x, packed), o -> { });
            }
            int p = conv.padding();
            String padName = unique(parent + "/MirrorPad");
            Output<?> paddings = constant(padName + "/paddings", DataType.DT_INT32, new long[] {4, 2},
                    intBytes(0, 0, p, p, p, p, 0, 0));
            Output<?> pad = op("MirrorPad", padName, List.of(x, paddings), o -> o.setAttr("mode", "REFLECT"));

            // The convolution: quantised input, quint8 filter with its range, 32-bit result requantised to 8 bits.
            String c = scope + "/convolution";
            Operation in = quantize(c, pad);
            long[] hwio = {conv.kernel(), conv.kernel(), conv.inChannels(), conv.outChannels()};
            Output<?> filter;
            Output<?> min;
            Output<?> max;
            if (floatFilters) {
                Operation q = quantize(c, floats(scope + "/weights", hwio, variables.get(scope + "/weights")));
                filter = q.output(0);
                min = q.output(1);
                max = q.output(2);
            } else {
                Weights w = Weights.of(variables.get(scope + "/weights"));
                filter = constant(scope + "/weights_quint8_const", DataType.DT_QUINT8, hwio,
                        ByteString.copyFrom(w.q()));
                min = floats(scope + "/weights_min", new long[0], w.min());
                max = floats(scope + "/weights_max", new long[0], w.max());
            }
            Operation qconv = build("QuantizedConv2D", c + "_eightbit_quantized_conv",
                    List.of(in.output(0), filter, in.output(1), in.output(2), min, max),
                    o -> o.setAttr("out_type", DataType.DT_QINT32)
                            .setAttr("strides", new long[] {1, conv.stride(), conv.stride(), 1})
                            .setAttr("padding", "VALID"));
            Operation range = build("RequantizationRange", c + "_eightbit_requant_range",
                    List.of(qconv.output(0), qconv.output(1), qconv.output(2)), o -> { });
            Operation requantize = build("Requantize", c + "_eightbit_requantize", List.of(qconv.output(0),
                    qconv.output(1), qconv.output(2), range.output(0), range.output(1)),
                    o -> o.setAttr("out_type", DataType.DT_QUINT8));
            Output<?> y = dequantize(c, requantize);

            Output<?> out = norm(scope + "/InstanceNorm/", conv.outChannels(), y, style, styles, variables);
            return switch (conv.activation()) {
                case RELU -> {
                    Operation q = quantize(scope + "/Relu", out);
                    Operation relu = build("QuantizedRelu", scope + "/Relu_eightbit_quantized",
                            List.of(q.output(0), q.output(1), q.output(2)),
                            o -> o.setAttr("out_type", DataType.DT_QUINT8));
                    yield dequantize(scope + "/Relu", relu);
                }
                case SIGMOID -> op("Sigmoid", scope + "/Sigmoid", List.of(out), o -> { });
                case NONE -> out;
            };
        }

        /** Magenta's weighted_instance_norm with the older tf.nn.moments (sufficient statistics and a shift). */
        private Output<?> norm(String n, int channels, Output<?> y, Output<?> style, int styles,
                               Map<String, float[]> variables) {
            List<Output<?>> mixed = new ArrayList<>();
            for (String table : List.of("beta", "gamma")) {
                Output<?> values = floats(n + table, new long[] {styles, channels}, variables.get(n + table));
                String reshape = unique(n + "Reshape");
                Output<?> weights = reshape(reshape, style, ints(reshape + "/shape", styles, 1));
                Output<?> product = op("Mul", unique(n + "mul"), List.of(weights, values), o -> { });
                String sum = unique(n + "Sum");
                Output<?> summed = op("Sum", sum, List.of(product, ints(sum + "/reduction_indices", 0)),
                        o -> o.setAttr("keep_dims", true));
                for (int k = 0; k < 2; k++) {
                    String expand = unique(n + "ExpandDims");
                    summed = op("ExpandDims", expand, List.of(summed, ints(expand + "/dim", 1)), o -> { });
                }
                mixed.add(summed);
            }
            Output<?> beta = mixed.get(0);
            Output<?> gamma = mixed.get(1);
            String m = n + "moments/";
            Output<?> mean = op("Mean", m + "mean", List.of(y, ints(m + "mean/reduction_indices", 1, 2)),
                    o -> o.setAttr("keep_dims", true));
            Output<?> shift = op("StopGradient", m + "StopGradient", List.of(mean), o -> { });
            String s = m + "sufficient_statistics/";
            Output<?> shape = op("Shape", s + "Shape", List.of(y), o -> { });
            Output<?> dims = op("Gather", s + "Gather", List.of(shape, ints(s + "Gather/indices", 1, 2)), o -> { });
            Output<?> prod = op("Prod", s + "Prod", List.of(dims, ints(s + "Const", 0)), o -> { });
            Output<?> count = op("Cast", s + "count", List.of(prod), o -> o.setAttr("DstT", DataType.DT_FLOAT));
            Output<?> axes = ints(s + "mean_ss/reduction_indices", 1, 2);
            Output<?> meanSs = op("Sum", s + "mean_ss", List.of(op("Sub", s + "Sub", List.of(y, shift), o -> { }),
                    axes), o -> o.setAttr("keep_dims", true));
            Output<?> varSs = op("Sum", s + "var_ss", List.of(op("SquaredDifference", s + "SquaredDifference",
                    List.of(y, shift), o -> { }), ints(s + "var_ss/reduction_indices", 1, 2)),
                    o -> o.setAttr("keep_dims", true));
            Output<?> reshaped = reshape(m + "Reshape", shift, op("Shape", m + "Shape", List.of(meanSs), o -> { }));
            String nm = m + "normalize/";
            // moments() normalises under control_dependencies([counts, m_ss, v_ss]).
            Consumer<OperationBuilder> after = o -> o.addControlInput(count.op()).addControlInput(meanSs.op())
                    .addControlInput(varSs.op());
            Output<?> divisor = op("Reciprocal", nm + "divisor", List.of(count), after);
            Output<?> shifted = op("Mul", nm + "shifted_mean", List.of(meanSs, divisor), o -> { });
            Output<?> realMean = op("Add", nm + "mean", List.of(shifted, reshaped), o -> { });
            Output<?> variance = op("Sub", nm + "variance", List.of(
                    op("Mul", nm + "Mul", List.of(varSs, divisor), o -> { }),
                    op("Square", nm + "Square", List.of(shifted), o -> { })), o -> { });
            String bn = n + "batchnorm/";
            Output<?> inv = op("Mul", bn + "mul", List.of(op("Rsqrt", bn + "Rsqrt", List.of(op("Add", bn + "add",
                    List.of(variance, floats(bn + "add/y", new long[0], 1e-5f)), o -> { })), o -> { }), gamma),
                    o -> { });
            Output<?> scaled = op("Mul", bn + "mul_1", List.of(y, inv), o -> { });
            Output<?> shiftBy = op("Sub", bn + "sub", List.of(beta, op("Mul", bn + "mul_2",
                    List.of(realMean, inv), o -> { })), o -> { });
            return op("Add", bn + "add_1", List.of(scaled, shiftBy), o -> { });
        }

        private static ByteString intBytes(int... values) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                buffer.putInt(v);
            }
            return ByteString.copyFrom(buffer.array());
        }
    }
}
