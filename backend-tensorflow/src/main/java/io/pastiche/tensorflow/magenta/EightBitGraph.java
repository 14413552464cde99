package io.pastiche.tensorflow.magenta;

import com.google.protobuf.ByteString;
import io.pastiche.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Folds the eight-bit kernels of a fully quantised graph back into the float operations they stand for, so that
 * {@link FrozenGraph} can check and read it like any frozen graph.
 *
 * <p>TensorFlow's "eightbit" rewrite ({@code quantize_graph.py --mode=eightbit}, and the {@code quantize_nodes}
 * graph transform, which makes the same structure under other names) replaces a float operation {@code X} by:
 * a {@code QuantizeV2} of each float input, with its range from {@code Min} and {@code Max} of a flattening
 * {@code Reshape}; the quantised kernel ({@code QuantizedConv2D}, {@code QuantizedRelu}, {@code QuantizedReshape});
 * for a 32-bit result a {@code RequantizationRange} and {@code Requantize} down to 8 bits; and a {@code Dequantize}
 * that keeps the name {@code X}. A convolution's filter is a quint8 constant with its min and max as float
 * constants ({@code W_quint8_const}, {@code W_min}, {@code W_max} for the float weights {@code W}).
 *
 * <p>Each such group becomes one float node named {@code X} reading the float inputs, and the filter becomes a
 * {@code Dequantize} named {@code W} in {@code MIN_FIRST} mode, which is exactly how {@code QuantizedConv2D} reads
 * quint8 weights (value = {@code (q - zero) * step} with {@code step = (max - min) / 255} and
 * {@code zero = -round(min / step)}). The result is the float network with the dequantised weights; the 8-bit
 * graph differs from it by the quantisation of its activations, which this import leaves out on purpose.
 *
 * <p>Every node of a group is checked (which outputs it reads, its types and constants); a group's node that
 * something else reads, or a quantised operation outside these groups, is an error naming it.
 */
final class EightBitGraph {

    /** The quantised kernels that are folded, and the float operation each one computes. */
    private static final Map<String, String> KERNELS = Map.of(
            "QuantizedConv2D", "Conv2D", "QuantizedRelu", "Relu", "QuantizedReshape", "Reshape");
    /** Names quantize_graph.py and quantize_weights give an 8-bit filter, after the float weights' name. */
    private static final List<String> FILTER_SUFFIXES = List.of("_quint8_const", "_quantized_const");

    /** A node's output: {@code name:port}. */
    private record Ref(String node, int port) {
        static Ref parse(String input) {
            int colon = input.lastIndexOf(':');
            if (colon > 0 && input.substring(colon + 1).matches("\\d+")) {
                return new Ref(input.substring(0, colon), Integer.parseInt(input.substring(colon + 1)));
            }
            return new Ref(input, 0);
        }

        boolean is(String name, int at) {
            return node.equals(name) && port == at;
        }
    }

    private final GraphDef graph;
    private final String source;
    private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> consumers = new HashMap<>();
    /** Nodes that disappear, with the kernel whose group they belong to (for messages). */
    private final Map<String, String> folded = new HashMap<>();
    /** The float node that takes the place of a group's final Dequantize, by name. */
    private final Map<String, NodeDef> replaced = new HashMap<>();
    /** Dequantize nodes made for 8-bit filters, emitted before the convolution that reads them. */
    private final Map<String, NodeDef> filters = new LinkedHashMap<>();
    /** The reshape and reduction constants of the range computations; dropped when nothing else reads them. */
    private final Set<String> rangeConstants = new HashSet<>();

    private EightBitGraph(GraphDef graph, String source) {
        this.graph = graph;
        this.source = source;
        for (NodeDef node : graph.getNodeList()) {
            if (nodes.put(node.getName(), node) != null) {
                throw error("two nodes are named " + node.getName());
            }
        }
        for (NodeDef node : graph.getNodeList()) {
            for (String in : node.getInputList()) {
                if (!in.startsWith("^")) {
                    consumers.computeIfAbsent(Ref.parse(in).node(), k -> new ArrayList<>()).add(node.getName());
                }
            }
        }
    }

    /**
     * The float graph a fully quantised graph computes with its weights; a graph without quantised kernels is
     * returned as it is.
     *
     * @param source how messages name the file
     * @throws ModelFormatException if a quantised kernel is not in the form the eightbit rewrite gives it
     */
    static GraphDef toFloat(GraphDef graph, String source) {
        if (graph.getNodeList().stream().noneMatch(n -> eightBit(n.getOp()))) {
            return graph;
        }
        return new EightBitGraph(graph, source).fold();
    }

    /** An operation of the eightbit rewrite (a Dequantize may also be quantize_weights' reading of a constant). */
    private static boolean eightBit(String op) {
        return op.startsWith("Quantize") || op.startsWith("Requantiz");
    }

    private GraphDef fold() {
        // A quantised kernel of another kind first, by name, rather than the first node of its input's prologue.
        for (NodeDef node : graph.getNodeList()) {
            if (node.getOp().startsWith("Quantized") && !KERNELS.containsKey(node.getOp())) {
                throw error("node " + node.getName() + " is a " + node.getOp() + ", which is not part of a Magenta "
                        + "style transformer as this importer knows it (the 8-bit kernels it reads: "
                        + new TreeSet<>(KERNELS.keySet()) + ")");
            }
        }
        for (NodeDef node : graph.getNodeList()) {
            if (KERNELS.containsKey(node.getOp())) {
                foldKernel(node);
            }
        }
        for (NodeDef node : graph.getNodeList()) {
            if (eightBit(node.getOp()) && !folded.containsKey(node.getName())) {
                throw error("node " + node.getName() + " (" + node.getOp() + ") is not part of a quantised "
                        + "convolution, ReLU or reshape in the form the eightbit rewrite gives them");
            }
        }
        GraphDef.Builder out = graph.toBuilder().clearNode();
        Set<String> kept = new HashSet<>();
        List<NodeDef> result = new ArrayList<>();
        for (NodeDef node : graph.getNodeList()) {
            if (folded.containsKey(node.getName())) {
                continue;
            }
            NodeDef replacement = replaced.get(node.getName());
            if (replacement != null) {
                for (String in : replacement.getInputList()) {
                    NodeDef filter = filters.get(Ref.parse(in).node());
                    if (filter != null && kept.add(filter.getName())) {
                        result.add(filter);
                    }
                }
                node = replacement;
            }
            if (kept.add(node.getName())) {
                result.add(node);
            }
        }
        // The range constants go once nothing that stays reads them.
        Set<String> read = new HashSet<>();
        for (NodeDef node : result) {
            for (String in : node.getInputList()) {
                read.add(Ref.parse(in.startsWith("^") ? in.substring(1) : in).node());
            }
        }
        for (NodeDef node : result) {
            if (rangeConstants.contains(node.getName()) && !read.contains(node.getName())) {
                continue;
            }
            for (String in : node.getInputList()) {
                String name = Ref.parse(in.startsWith("^") ? in.substring(1) : in).node();
                if (folded.containsKey(name)) {
                    throw error("node " + node.getName() + " reads " + name + ", which is part of the eight-bit "
                            + "form of " + folded.get(name) + "; only that group may read it");
                }
            }
            out.addNode(node);
        }
        return out.build();
    }

    /** One kernel, its quantised inputs and the nodes that bring its result back to float. */
    private void foldKernel(NodeDef kernel) {
        List<Ref> in = dataInputs(kernel);
        String floatOp = KERNELS.get(kernel.getOp());
        NodeDef dequantize = kernel.getOp().equals("QuantizedConv2D") ? requantized(kernel) : single(kernel);
        NodeDef.Builder node = NodeDef.newBuilder().setName(dequantize.getName()).setOp(floatOp)
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build());
        switch (kernel.getOp()) {
            case "QuantizedConv2D" -> {
                expectInputs(kernel, in, 6);
                node.addInput(floatInput(kernel, in.get(0), in.get(2), in.get(3)));
                node.addInput(floatFilter(kernel, in.get(1), in.get(4), in.get(5)));
                for (String attr : List.of("strides", "padding", "dilations")) {
                    AttrValue value = kernel.getAttrMap().get(attr);
                    if (value != null) {
                        node.putAttr(attr, value);
                    }
                }
                node.putAttr("data_format", AttrValue.newBuilder()
                        .setS(ByteString.copyFromUtf8("NHWC")).build());
            }
            case "QuantizedRelu" -> {
                expectInputs(kernel, in, 3);
                node.addInput(floatInput(kernel, in.get(0), in.get(1), in.get(2)));
            }
            default -> { // QuantizedReshape: the new shape is an ordinary int input
                expectInputs(kernel, in, 4);
                node.addInput(floatInput(kernel, in.get(0), in.get(2), in.get(3)));
                node.addInput(name(in.get(1)));
                AttrValue shapeType = kernel.getAttrMap().get("Tshape");
                node.putAttr("Tshape", shapeType != null ? shapeType
                        : AttrValue.newBuilder().setType(DataType.DT_INT32).build());
            }
        }
        folded.put(kernel.getName(), kernel.getName());
        replaced.put(dequantize.getName(), node.build());
    }

    /** QuantizedConv2D's 32-bit result: RequantizationRange, Requantize to 8 bits, Dequantize. */
    private NodeDef requantized(NodeDef conv) {
        NodeDef range = null;
        NodeDef requantize = null;
        for (String name : readers(conv)) {
            NodeDef reader = nodes.get(name);
            switch (reader.getOp()) {
                case "RequantizationRange" -> range = reader;
                case "Requantize" -> requantize = reader;
                default -> throw error("node " + name + " (" + reader.getOp() + ") reads the 32-bit result of "
                        + conv.getName() + "; expected only its RequantizationRange and Requantize");
            }
        }
        if (range == null || requantize == null) {
            throw error("the 32-bit result of " + conv.getName() + " is not brought back to 8 bits by a "
                    + "RequantizationRange and a Requantize");
        }
        List<Ref> rangeIn = dataInputs(range);
        List<Ref> requantizeIn = dataInputs(requantize);
        if (!readsTriple(rangeIn, 0, conv.getName()) || rangeIn.size() != 3) {
            throw error("node " + range.getName() + " does not read outputs 0, 1, 2 of " + conv.getName());
        }
        if (requantizeIn.size() != 5 || !readsTriple(requantizeIn, 0, conv.getName())) {
            throw error("node " + requantize.getName() + " does not read outputs 0, 1, 2 of " + conv.getName());
        }
        if (!requantizeIn.get(3).is(range.getName(), 0) || !requantizeIn.get(4).is(range.getName(), 1)) {
            throw error("node " + requantize.getName() + " requantizes to the range " + requantizeIn.get(3).node()
                    + ", " + requantizeIn.get(4).node() + ", not to the one " + range.getName() + " measures: a "
                    + "fixed range clamps the activations, which the float network would not");
        }
        folded.put(range.getName(), conv.getName());
        folded.put(requantize.getName(), conv.getName());
        return single(requantize);
    }

    /** The one Dequantize that reads outputs 0, 1, 2 of a quantised node, and nothing else reading it. */
    private NodeDef single(NodeDef quantised) {
        List<String> readers = readers(quantised);
        NodeDef reader = readers.size() == 1 ? nodes.get(readers.get(0)) : null;
        if (reader == null || !reader.getOp().equals("Dequantize")) {
            throw error("the 8-bit result of " + quantised.getName() + " is read by " + readers + "; expected one "
                    + "Dequantize");
        }
        List<Ref> in = dataInputs(reader);
        if (in.size() != 3 || !readsTriple(in, 0, quantised.getName())) {
            throw error("node " + reader.getName() + " does not dequantise outputs 0, 1, 2 of "
                    + quantised.getName());
        }
        if (!type(reader, "T").equals(DataType.DT_QUINT8)) {
            throw error("node " + reader.getName() + " dequantises " + type(reader, "T") + "; expected quint8");
        }
        return reader;
    }

    /**
     * A quantised input (value, min, max): outputs 0, 1, 2 of a QuantizeV2 of a float tensor over that tensor's own
     * range, {@code Min} and {@code Max} of it flattened. Its float form is that tensor.
     */
    private String floatInput(NodeDef kernel, Ref value, Ref min, Ref max) {
        NodeDef quantize = nodes.get(value.node());
        if (!quantize.getOp().equals("QuantizeV2")) {
            throw error("node " + kernel.getName() + " reads " + value.node() + " (" + quantize.getOp() + "); "
                    + "expected the QuantizeV2 of a float tensor");
        }
        if (value.port() != 0 || !min.is(quantize.getName(), 1) || !max.is(quantize.getName(), 2)) {
            throw error("node " + kernel.getName() + " does not read outputs 0, 1, 2 of " + quantize.getName());
        }
        if (!type(quantize, "T").equals(DataType.DT_QUINT8)) {
            throw error("node " + quantize.getName() + " quantises to " + type(quantize, "T") + "; expected quint8");
        }
        List<Ref> in = dataInputs(quantize);
        expectInputs(quantize, in, 3);
        Ref tensor = in.get(0);
        NodeDef low = nodes.get(in.get(1).node());
        NodeDef high = nodes.get(in.get(2).node());
        if (!low.getOp().equals("Min") || !high.getOp().equals("Max")) {
            throw error("node " + quantize.getName() + " takes its range from " + low.getName() + " (" + low.getOp()
                    + ") and " + high.getName() + " (" + high.getOp() + "); expected Min and Max of its input");
        }
        for (NodeDef reduce : List.of(low, high)) {
            List<Ref> r = dataInputs(reduce);
            expectInputs(reduce, r, 2);
            NodeDef flat = nodes.get(r.get(0).node());
            List<Ref> f = dataInputs(flat);
            if (!flat.getOp().equals("Reshape") || f.size() != 2 || !f.get(0).equals(tensor)) {
                throw error("node " + reduce.getName() + " does not reduce the flattened " + name(tensor)
                        + " that " + quantize.getName() + " quantises");
            }
            expectConstant(f.get(1), -1, flat);
            expectConstant(r.get(1), 0, reduce);
            folded.put(flat.getName(), kernel.getName());
            folded.put(reduce.getName(), kernel.getName());
        }
        folded.put(quantize.getName(), kernel.getName());
        return name(tensor);
    }

    /**
     * A convolution's 8-bit filter: either a quint8 constant with float min and max constants, which becomes a
     * MIN_FIRST Dequantize under the float weights' name, or a QuantizeV2 of float weights.
     */
    private String floatFilter(NodeDef conv, Ref value, Ref min, Ref max) {
        NodeDef filter = nodes.get(value.node());
        if (filter.getOp().equals("QuantizeV2")) {
            return floatInput(conv, value, min, max);
        }
        if (!filter.getOp().equals("Const") || value.port() != 0
                || !attr(filter, "dtype").getType().equals(DataType.DT_QUINT8)) {
            throw error("node " + conv.getName() + " convolves with " + value.node() + " (" + filter.getOp()
                    + "); expected a quint8 constant");
        }
        for (Ref bound : List.of(min, max)) {
            NodeDef c = nodes.get(bound.node());
            if (!c.getOp().equals("Const") || !attr(c, "dtype").getType().equals(DataType.DT_FLOAT)) {
                throw error("node " + conv.getName() + " takes the range of its filter from " + bound.node()
                        + "; expected float constants");
            }
        }
        String weights = null;
        for (String suffix : FILTER_SUFFIXES) {
            if (filter.getName().endsWith(suffix)) {
                weights = filter.getName().substring(0, filter.getName().length() - suffix.length());
            }
        }
        if (weights == null) {
            throw error("the 8-bit filter " + filter.getName() + " of " + conv.getName() + " is not named after "
                    + "its weights (W_quint8_const for W)");
        }
        NodeDef existing = nodes.get(weights);
        if (existing != null) {
            // quantize_weights' own Dequantize, left beside the kernel that reads its inputs directly.
            List<Ref> in = existing.getOp().equals("Dequantize") ? dataInputs(existing) : List.of();
            AttrValue mode = existing.getAttrMap().get("mode");
            if (in.size() == 3 && in.get(0).equals(value) && in.get(1).equals(min) && in.get(2).equals(max)
                    && mode != null && mode.getS().toStringUtf8().equals("MIN_FIRST")) {
                return weights;
            }
            throw error("the 8-bit filter " + filter.getName() + " of " + conv.getName() + " stands for "
                    + weights + ", but the graph already has a node of that name (" + existing.getOp() + ") that "
                    + "is not its MIN_FIRST Dequantize");
        }
        if (filters.containsKey(weights)) {
            throw error("the 8-bit filter " + filter.getName() + " is read by more than one convolution");
        }
        filters.put(weights, NodeDef.newBuilder().setName(weights).setOp("Dequantize")
                .addInput(filter.getName()).addInput(name(min)).addInput(name(max))
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_QUINT8).build())
                .putAttr("mode", AttrValue.newBuilder()
                        .setS(ByteString.copyFromUtf8("MIN_FIRST")).build())
                .build());
        return weights;
    }

    private void expectConstant(Ref ref, long expected, NodeDef user) {
        NodeDef node = nodes.get(ref.node());
        long[] values = node.getOp().equals("Const") ? ints(node) : null;
        if (values == null || values.length != 1 || values[0] != expected) {
            throw error("node " + user.getName() + " reads " + ref.node() + "; expected the constant [" + expected
                    + "]");
        }
        rangeConstants.add(node.getName());
    }

    private static boolean readsTriple(List<Ref> in, int from, String node) {
        return in.size() >= from + 3 && in.get(from).is(node, 0) && in.get(from + 1).is(node, 1)
                && in.get(from + 2).is(node, 2);
    }

    private List<String> readers(NodeDef node) {
        return new ArrayList<>(new LinkedHashSet<>(consumers.getOrDefault(node.getName(), List.of())));
    }

    private void expectInputs(NodeDef node, List<Ref> in, int count) {
        if (in.size() != count) {
            throw error("node " + node.getName() + " (" + node.getOp() + ") has " + in.size() + " inputs, expected "
                    + count);
        }
    }

    private List<Ref> dataInputs(NodeDef node) {
        List<Ref> in = new ArrayList<>();
        for (String s : node.getInputList()) {
            if (!s.startsWith("^")) {
                Ref ref = Ref.parse(s);
                if (!nodes.containsKey(ref.node())) {
                    throw error("node " + node.getName() + " reads " + ref.node() + ", which is not in the graph");
                }
                in.add(ref);
            }
        }
        return in;
    }

    private static String name(Ref ref) {
        return ref.port() == 0 ? ref.node() : ref.node() + ":" + ref.port();
    }

    private DataType type(NodeDef node, String attr) {
        return attr(node, attr).getType();
    }

    private AttrValue attr(NodeDef node, String name) {
        AttrValue value = node.getAttrMap().get(name);
        if (value == null) {
            throw error("node " + node.getName() + " (" + node.getOp() + ") has no attribute " + name);
        }
        return value;
    }

    /** The values of an int32 or int64 constant, or null for another type. */
    private long[] ints(NodeDef node) {
        TensorProto t = attr(node, "value").getTensor();
        int count = 1;
        for (var dim : t.getTensorShape().getDimList()) {
            count *= (int) dim.getSize();
        }
        long[] values = new long[count];
        ByteBuffer content = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (t.getDtype()) {
                case DT_INT32 -> values[i] = content.hasRemaining() ? content.getInt()
                        : t.getIntValCount() == 0 ? 0 : t.getIntVal(Math.min(i, t.getIntValCount() - 1));
                case DT_INT64 -> values[i] = content.hasRemaining() ? content.getLong()
                        : t.getInt64ValCount() == 0 ? 0 : t.getInt64Val(Math.min(i, t.getInt64ValCount() - 1));
                default -> {
                    return null;
                }
            }
        }
        return values;
    }

    private ModelFormatException error(String message) {
        return new ModelFormatException(source + ": " + message);
    }
}
