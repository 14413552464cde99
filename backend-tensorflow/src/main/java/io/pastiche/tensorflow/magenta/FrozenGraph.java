package io.pastiche.tensorflow.magenta;

import io.pastiche.ModelFormatException;
import io.pastiche.model.Model;
import io.pastiche.network.Activation;
import io.pastiche.tensorflow.magenta.MagentaLayout.LayerData;
import io.pastiche.tensorflow.magenta.MagentaLayout.LayerName;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/**
 * Reads a frozen Magenta style transformer: checks that the GraphDef computes what the importer believes it
 * computes (the data flow from {@code input} through every layer to the last sigmoid), then lets TensorFlow itself
 * evaluate the weight and gamma/beta nodes, which also dequantises 8-bit weights exactly as the graph does.
 */
final class FrozenGraph {

    /** The image input's node name in Magenta's frozen graphs. */
    static final String INPUT = "input";

    /**
     * The operations a frozen Magenta transformer is made of (with the style input as a weight vector mixing the
     * gamma/beta rows, or as an index gathering one row); anything else is not understood.
     */
    static final Set<String> KNOWN_OPS = Set.of(
            "Const", "Identity", "Placeholder", "PlaceholderWithDefault", "NoOp",
            "Dequantize",
            "MirrorPad", "Conv2D", "ResizeNearestNeighbor", "Relu", "Sigmoid", "Add", "AddV2",
            "Shape", "StridedSlice", "Slice", "Pack", "Cast",
            // instance normalisation: tf.nn.moments (also the older form that counts the pixels with Prod and
            // divides by them with Reciprocal) and tf.nn.batch_normalization
            "Mean", "SquaredDifference", "StopGradient", "Sub", "Mul", "Rsqrt", "Square", "RealDiv", "Sqrt",
            "Prod", "Reciprocal",
            // the style input: weights * table summed over the styles, or a gathered row
            "Reshape", "Sum", "ExpandDims", "Squeeze", "Gather", "GatherV2");

    private final GraphDef graphDef;
    private final String source;
    private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> consumers = new HashMap<>();
    private final Map<String, Map<String, Boolean>> dependencies = new HashMap<>();

    /** Older TensorFlow names a convolution {@code convolution} where newer names it {@code Conv2D}. */
    private static final List<String> CONV_NAMES = List.of("/Conv2D", "/convolution");

    FrozenGraph(GraphDef graphDef, String source) {
        // A fully quantised graph is read as the float graph its 8-bit kernels stand for.
        this.graphDef = EightBitGraph.toFloat(graphDef, source);
        this.source = source;
        for (NodeDef node : this.graphDef.getNodeList()) {
            if (nodes.put(node.getName(), node) != null) {
                throw error("two nodes are named " + node.getName());
            }
        }
        for (NodeDef node : this.graphDef.getNodeList()) {
            for (String input : dataInputs(node)) {
                if (!nodes.containsKey(input)) {
                    throw error("node " + node.getName() + " reads " + input + ", which is not in the graph");
                }
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node.getName());
            }
        }
    }

    /** What the analysis found about one layer before its values are read. */
    private record Found(LayerName name, NodeDef conv, String weights, int stride, int upsample, Activation activation,
                         String layerInput, String cinOutput, String consumer) {
    }

    Model read(Optional<List<String>> styleNames) {
        checkOps();
        NodeDef input = nodes.get(INPUT);
        if (input == null || !input.getOp().equals("Placeholder")) {
            throw error(input == null ? "no node named '" + INPUT + "' (Magenta's frozen graphs take the image there)"
                    : "node '" + INPUT + "' is a " + input.getOp() + ", not a Placeholder");
        }
        String style = styleInput();

        Map<LayerName, NodeDef> convs = new LinkedHashMap<>();
        for (NodeDef node : nodes.values()) {
            if (node.getOp().equals("Conv2D")) {
                String name = node.getName();
                Optional<LayerName> layer = Optional.empty();
                for (String suffix : CONV_NAMES) {
                    if (name.endsWith(suffix)) {
                        layer = MagentaLayout.parse(name.substring(0, name.length() - suffix.length()));
                    }
                }
                if (layer.isEmpty()) {
                    throw error("convolution node " + name + " is not in one of Magenta's transformer scopes "
                            + "(transformer/contract/convK, transformer/residual/residualK/conv1|conv2, "
                            + "transformer/expand/convK/conv; the node named Conv2D or convolution)");
                }
                NodeDef before = convs.put(layer.get(), node);
                if (before != null) {
                    throw error("two convolutions in " + layer.get().scope() + ": " + before.getName() + " and "
                            + name);
                }
            }
        }
        List<LayerName> order = MagentaLayout.order(new ArrayList<>(convs.keySet()), source);
        List<Found> found = new ArrayList<>();
        for (LayerName name : order) {
            found.add(analyse(name, convs.get(name), style));
        }
        checkDataFlow(found);
        return MagentaLayout.build(evaluate(found), styleNames, source);
    }

    private void checkOps() {
        for (NodeDef node : nodes.values()) {
            if (!KNOWN_OPS.contains(node.getOp())) {
                throw error("node " + node.getName() + " is a " + node.getOp() + " operation, which is not part of a "
                        + "Magenta style transformer as this importer knows it (known: " + new TreeSet<>(KNOWN_OPS)
                        + ")");
            }
        }
    }

    /** The one placeholder besides {@code input}: the style weights (length N) or a style index. */
    private String styleInput() {
        List<String> others = new ArrayList<>();
        for (NodeDef node : nodes.values()) {
            if ((node.getOp().equals("Placeholder") || node.getOp().equals("PlaceholderWithDefault"))
                    && !node.getName().equals(INPUT)) {
                others.add(node.getName());
            }
        }
        if (others.size() != 1) {
            throw error(others.isEmpty() ? "no style input: besides '" + INPUT + "' the graph has no placeholder"
                    : "more than one input besides '" + INPUT + "': " + others + "; expected one, the style weights");
        }
        return others.get(0);
    }

    private Found analyse(LayerName name, NodeDef conv, String style) {
        String scope = name.scope();
        // The convolution: strides, VALID padding, NHWC.
        List<Long> strides = attr(conv, "strides").getList().getIList();
        if (strides.size() != 4 || strides.get(0) != 1 || strides.get(3) != 1 || !strides.get(1).equals(strides.get(2))
                || (strides.get(1) != 1 && strides.get(1) != 2)) {
            throw error("node " + conv.getName() + " has strides " + strides + "; expected [1, s, s, 1] with s 1 or 2");
        }
        String padding = attr(conv, "padding").getS().toStringUtf8();
        if (!padding.equals("VALID")) {
            throw error("node " + conv.getName() + " has padding " + padding + "; Magenta pads by reflection and "
                    + "convolves with VALID");
        }
        AttrValue format = conv.getAttrMap().get("data_format");
        if (format != null && !format.getS().toStringUtf8().equals("NHWC")) {
            throw error("node " + conv.getName() + " has data_format " + format.getS().toStringUtf8()
                    + "; expected NHWC");
        }
        AttrValue dilations = conv.getAttrMap().get("dilations");
        if (dilations != null && dilations.getList().getIList().stream().anyMatch(d -> d != 1)) {
            throw error("node " + conv.getName() + " has dilations " + dilations.getList().getIList());
        }

        // The weights: a float constant, or 8-bit constants with a Dequantize.
        NodeDef weights = resolve(input(conv, 1));
        if (!weights.getName().equals(name.weights())) {
            throw error("node " + conv.getName() + " convolves with " + weights.getName() + ", expected "
                    + name.weights());
        }
        checkConstant(weights);
        for (String table : List.of(name.gamma(), name.beta())) {
            NodeDef node = nodes.get(table);
            if (node == null) {
                throw error("no node " + table + " (every Magenta convolution is followed by conditional instance "
                        + "normalisation with gamma and beta of shape [N, C])");
            }
            checkConstant(node);
        }

        // Reflect padding, and the nearest-neighbour upsampling before it.
        NodeDef pad = resolve(input(conv, 0));
        String layerInput;
        int upsample = 1;
        if (!pad.getOp().equals("MirrorPad")) {
            throw error("node " + conv.getName() + " reads " + pad.getName() + " (" + pad.getOp() + "); expected the "
                    + "reflect padding (MirrorPad) of Magenta's conv2d");
        }
        String mode = attr(pad, "mode").getS().toStringUtf8();
        if (!mode.equals("REFLECT")) {
            throw error("node " + pad.getName() + " pads in mode " + mode + "; expected REFLECT");
        }
        NodeDef beforePad = resolve(input(pad, 0));
        if (beforePad.getOp().equals("ResizeNearestNeighbor")) {
            if (attr(beforePad, "align_corners").getB()) {
                throw error("node " + beforePad.getName() + " aligns corners; Magenta's upsampling does not");
            }
            NodeDef image = resolve(input(beforePad, 0));
            long factor = sizeFactor(input(beforePad, 1), image.getName(), beforePad.getName());
            if (factor != 1 && factor != 2) {
                throw error("node " + beforePad.getName() + " resizes by " + factor + "; pastiche upsamples by 1 or 2");
            }
            upsample = (int) factor;
            layerInput = image.getName();
        } else {
            layerInput = beforePad.getName();
        }

        // Conditional instance normalisation: the one node outside its scope that reads it decides the activation.
        String norm = scope + "/InstanceNorm/";
        Set<String> readers = new TreeSet<>();
        for (NodeDef node : nodes.values()) {
            if (node.getName().startsWith(norm)) {
                for (String reader : consumers.getOrDefault(node.getName(), List.of())) {
                    if (!reader.startsWith(norm)) {
                        readers.add(reader);
                    }
                }
            }
        }
        if (readers.size() != 1) {
            throw error("the normalisation " + norm + "* is read by " + (readers.isEmpty() ? "no node" : readers)
                    + "; expected one activation (Relu, Sigmoid) or residual Add");
        }
        NodeDef reader = nodes.get(readers.iterator().next());
        Activation activation = switch (reader.getOp()) {
            case "Relu" -> Activation.RELU;
            case "Sigmoid" -> Activation.SIGMOID;
            case "Add", "AddV2" -> Activation.NONE;
            default -> throw error("node " + reader.getName() + " (" + reader.getOp() + ") follows the normalisation "
                    + norm + "*; expected Relu, Sigmoid or a residual Add");
        };
        String cinOutput = null;
        for (String in : dataInputs(reader)) {
            if (resolve(in).getName().startsWith(norm)) {
                cinOutput = resolve(in).getName();
            }
        }
        checkNormalisation(name, cinOutput, conv.getName(), style);
        return new Found(name, conv, weights.getName(), Math.toIntExact(strides.get(1)), upsample, activation,
                layerInput, cinOutput, reader.getName());
    }

    /** A constant: a float Const, or a Dequantize of 8-bit constants. */
    private void checkConstant(NodeDef node) {
        switch (node.getOp()) {
            case "Const" -> {
                if (attr(node, "dtype").getType() != DataType.DT_FLOAT) {
                    throw error("node " + node.getName() + " is a constant of " + attr(node, "dtype").getType()
                            + "; expected float32 (or 8-bit values with a Dequantize)");
                }
            }
            case "Dequantize" -> {
                for (String in : dataInputs(node)) {
                    NodeDef c = resolve(in);
                    if (!c.getOp().equals("Const")) {
                        throw error("node " + node.getName() + " dequantises " + c.getName() + " (" + c.getOp()
                                + "); expected constants");
                    }
                }
                String mode = node.getAttrMap().containsKey("mode")
                        ? node.getAttrMap().get("mode").getS().toStringUtf8() : "MIN_COMBINED";
                if (!Set.of("MIN_COMBINED", "MIN_FIRST", "SCALED").contains(mode)) {
                    throw error("node " + node.getName() + " dequantises in mode " + mode);
                }
            }
            default -> throw error("node " + node.getName() + " is a " + node.getOp() + "; expected a constant "
                    + "(a frozen graph) or a Dequantize of 8-bit constants");
        }
    }

    /**
     * The normalisation reads the convolution, its gamma and beta, and otherwise nothing that depends on the image
     * (it may read the style input).
     */
    private void checkNormalisation(LayerName name, String output, String conv, String style) {
        String norm = name.scope() + "/InstanceNorm/";
        Set<String> inside = new HashSet<>();
        Set<String> outside = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(output));
        while (!todo.isEmpty()) {
            String node = todo.pop();
            if (!inside.add(node)) {
                continue;
            }
            for (String in : dataInputs(nodes.get(node))) {
                if (in.startsWith(norm)) {
                    todo.push(in);
                } else {
                    outside.add(resolve(in).getName());
                }
            }
        }
        for (String table : List.of(name.gamma(), name.beta())) {
            if (!inside.contains(table)) {
                throw error(table + " is not used by the normalisation that follows " + conv);
            }
        }
        if (!outside.contains(conv)) {
            throw error("the normalisation " + norm + "* does not read the convolution " + conv);
        }
        boolean styled = false;
        for (String node : outside) {
            if (node.equals(conv)) {
                continue;
            }
            if (dependsOn(node, INPUT)) {
                throw error("the normalisation " + norm + "* reads " + node + ", which depends on the image; "
                        + "expected only the convolution " + conv + ", gamma, beta and the style input");
            }
            styled |= dependsOn(node, style);
        }
        for (String node : inside) {
            styled |= node.equals(style);
        }
        if (!styled) {
            throw error("the normalisation " + norm + "* does not read the style input " + style);
        }
    }

    /** Every layer reads the one before it; a residual block adds its input to its second layer's output. */
    private void checkDataFlow(List<Found> found) {
        String expected = INPUT;
        for (int i = 0; i < found.size(); i++) {
            Found layer = found.get(i);
            if (!layer.layerInput().equals(expected)) {
                throw error(layer.name().scope() + " reads " + layer.layerInput() + ", expected " + expected);
            }
            if (layer.name().part() == MagentaLayout.Part.RESIDUAL && layer.name().sub() == 1) {
                Found second = found.get(i + 1);
                if (layer.activation() != Activation.RELU || second.activation() != Activation.NONE) {
                    throw error("residual block " + layer.name().scope() + ", " + second.name().scope()
                            + ": expected Relu after the first normalisation and the residual Add after the second");
                }
                if (!second.layerInput().equals(layer.consumer())) {
                    throw error(second.name().scope() + " reads " + second.layerInput() + ", expected "
                            + layer.consumer());
                }
                NodeDef add = nodes.get(second.consumer());
                Set<String> terms = new HashSet<>();
                for (String in : dataInputs(add)) {
                    terms.add(resolve(in).getName());
                }
                if (!terms.equals(Set.of(expected, second.cinOutput()))) {
                    throw error("the residual add " + add.getName() + " adds " + terms + ", expected " + expected
                            + " and " + second.cinOutput());
                }
                expected = add.getName();
                i++;
                continue;
            }
            if (layer.activation() == Activation.NONE) {
                throw error(layer.name().scope() + " is followed by " + layer.consumer() + " (an Add) outside a "
                        + "residual block");
            }
            expected = layer.consumer();
        }
        Found last = found.get(found.size() - 1);
        if (last.activation() != Activation.SIGMOID) {
            throw error("the last layer " + last.name().scope() + " ends in " + last.consumer()
                    + "; Magenta's transformer ends in a Sigmoid");
        }
    }

    /** TensorFlow evaluates the constants (and dequantises 8-bit ones); then the shapes are checked. */
    private List<LayerData> evaluate(List<Found> found) {
        List<String> fetches = new ArrayList<>();
        for (Found layer : found) {
            fetches.addAll(List.of(layer.weights(), layer.name().gamma(), layer.name().beta()));
        }
        List<LayerData> layers = new ArrayList<>();
        try (Graph graph = new Graph()) {
            try {
                graph.importGraphDef(graphDef);
            } catch (RuntimeException e) {
                throw error("TensorFlow cannot load the graph: " + e.getMessage());
            }
            try (Session session = new Session(graph)) {
                Session.Runner runner = session.runner();
                fetches.forEach(runner::fetch);
                try (Result result = runner.run()) {
                    int at = 0;
                    for (Found layer : found) {
                        Tensor w = result.get(at++);
                        Tensor g = result.get(at++);
                        Tensor b = result.get(at++);
                        layers.add(new LayerData(layer.name(), floats(w, layer.weights()), w.shape().asArray(),
                                floats(g, layer.name().gamma()), g.shape().asArray(),
                                floats(b, layer.name().beta()), b.shape().asArray(),
                                layer.stride(), layer.upsample(), layer.activation()));
                    }
                }
            } catch (RuntimeException e) {
                if (e instanceof ModelFormatException m) {
                    throw m;
                }
                throw error("TensorFlow cannot evaluate the weights: " + e.getMessage());
            }
        }
        return layers;
    }

    private float[] floats(Tensor tensor, String node) {
        if (!(tensor instanceof TFloat32)) {
            throw error("node " + node + " gives " + tensor.dataType() + ", not float32");
        }
        float[] values = new float[Math.toIntExact(tensor.shape().size())];
        tensor.asRawTensor().data().asFloats().read(values);
        return values;
    }

    /**
     * The factor by which a ResizeNearestNeighbor's size input scales its image: Magenta computes it as
     * {@code [k * shape[1], k * shape[2]]} of the image.
     */
    private long sizeFactor(String sizeInput, String image, String resize) {
        NodeDef node = resolve(sizeInput);
        switch (node.getOp()) {
            case "Shape" -> {
                if (!resolve(input(node, 0)).getName().equals(image)) {
                    throw error("node " + resize + " takes its size from the shape of " + input(node, 0)
                            + ", not of its image " + image);
                }
                return 1;
            }
            case "StridedSlice", "Slice", "Cast", "Gather", "GatherV2", "Squeeze" -> {
                return sizeFactor(input(node, 0), image, resize);
            }
            case "Pack" -> {
                long factor = -1;
                for (String in : dataInputs(node)) {
                    long f = sizeFactor(in, image, resize);
                    if (factor >= 0 && f != factor) {
                        throw error("node " + resize + " resizes height and width by different factors");
                    }
                    factor = f;
                }
                return factor;
            }
            case "Mul" -> {
                NodeDef a = resolve(input(node, 0));
                NodeDef b = resolve(input(node, 1));
                if (b.getOp().equals("Const")) {
                    return sizeFactor(a.getName(), image, resize) * uniformInt(b, resize);
                }
                if (a.getOp().equals("Const")) {
                    return uniformInt(a, resize) * sizeFactor(b.getName(), image, resize);
                }
                throw error("node " + resize + ": its size is not the image's shape times a constant");
            }
            case "Const" -> throw error("node " + resize + " resizes to a fixed size " + Arrays.toString(ints(node))
                    + "; the importer needs Magenta's size computed from the image's shape");
            default -> throw error("node " + resize + ": cannot read a resize factor from " + node.getName() + " ("
                    + node.getOp() + ")");
        }
    }

    /** A constant whose elements are all the same integer. */
    private long uniformInt(NodeDef node, String user) {
        long[] values = ints(node);
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v != values[0])) {
            throw error("node " + user + " scales by " + Arrays.toString(values) + " (" + node.getName()
                    + "); expected one factor for height and width");
        }
        return values[0];
    }

    /** The values of an int32 or int64 constant. */
    private long[] ints(NodeDef node) {
        TensorProto t = attr(node, "value").getTensor();
        long count = 1;
        for (var dim : t.getTensorShape().getDimList()) {
            count *= dim.getSize();
        }
        long[] values = new long[Math.toIntExact(count)];
        ByteBuffer content = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            switch (t.getDtype()) {
                case DT_INT32 -> values[i] = content.hasRemaining() ? content.getInt()
                        : t.getIntVal(Math.min(i, t.getIntValCount() - 1));
                case DT_INT64 -> values[i] = content.hasRemaining() ? content.getLong()
                        : t.getInt64Val(Math.min(i, t.getInt64ValCount() - 1));
                default -> throw error("node " + node.getName() + " is a " + t.getDtype() + " constant; expected "
                        + "integers");
            }
        }
        return values;
    }

    private String input(NodeDef node, int index) {
        List<String> inputs = dataInputs(node);
        if (index >= inputs.size()) {
            throw error("node " + node.getName() + " has " + inputs.size() + " inputs, expected at least "
                    + (index + 1));
        }
        return inputs.get(index);
    }

    /** The data inputs by node name (no control inputs, no output index). */
    private static List<String> dataInputs(NodeDef node) {
        List<String> inputs = new ArrayList<>();
        for (String in : node.getInputList()) {
            if (in.startsWith("^")) {
                continue;
            }
            int colon = in.lastIndexOf(':');
            inputs.add(colon < 0 ? in : in.substring(0, colon));
        }
        return inputs;
    }

    /** The node a name refers to, through Identity nodes. */
    private NodeDef resolve(String name) {
        NodeDef node = nodes.get(name);
        Set<String> seen = new HashSet<>();
        while (node.getOp().equals("Identity")) {
            if (!seen.add(node.getName())) {
                throw error("node " + name + " is part of a cycle of Identity nodes");
            }
            node = nodes.get(dataInputs(node).get(0));
        }
        return node;
    }

    private boolean dependsOn(String node, String target) {
        Map<String, Boolean> memo = dependencies.computeIfAbsent(target, k -> new HashMap<>());
        Deque<String> stack = new ArrayDeque<>();
        stack.push(node);
        // Iterative post-order, so that deep graphs do not overflow the stack.
        while (!stack.isEmpty()) {
            String top = stack.peek();
            if (memo.containsKey(top)) {
                stack.pop();
                continue;
            }
            if (top.equals(target)) {
                memo.put(top, true);
                stack.pop();
                continue;
            }
            boolean pending = false;
            boolean depends = false;
            for (String in : dataInputs(nodes.get(top))) {
                Boolean known = memo.get(in);
                if (known == null) {
                    if (!stack.contains(in)) {
                        stack.push(in);
                        pending = true;
                    }
                } else {
                    depends |= known;
                }
            }
            if (!pending) {
                memo.put(top, depends);
                stack.pop();
            }
        }
        return memo.get(node);
    }

    private AttrValue attr(NodeDef node, String name) {
        AttrValue value = node.getAttrMap().get(name);
        if (value == null) {
            throw error("node " + node.getName() + " (" + node.getOp() + ") has no attribute " + name);
        }
        return value;
    }

    private ModelFormatException error(String message) {
        return new ModelFormatException(source + ": " + message);
    }
}
