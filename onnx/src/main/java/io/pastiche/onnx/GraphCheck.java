package io.pastiche.onnx;

import io.pastiche.onnx.proto.Onnx.AttributeProto;
import io.pastiche.onnx.proto.Onnx.GraphProto;
import io.pastiche.onnx.proto.Onnx.ModelProto;
import io.pastiche.onnx.proto.Onnx.NodeProto;
import io.pastiche.onnx.proto.Onnx.OperatorSetIdProto;
import io.pastiche.onnx.proto.Onnx.TensorProto;
import io.pastiche.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the ONNX checker ({@code onnx.checker.check_model}) that can be applied without the ONNX library,
 * for the graphs pastiche writes: IR version and operator set declared, every operator known in that set,
 * names unique (initializers, inputs, node outputs, nodes), every node input produced before it is read (the
 * node list is topologically sorted), attributes typed, initializers holding exactly their shape's data, inputs
 * and outputs typed, value infos naming values of the graph; and, through {@link ChannelCheck}, declared
 * channel counts consistent with the weights.
 */
final class GraphCheck {

    /**
     * Each operator the exporter uses, and the first operator set with the form used here (Pad's pads and Slice's
     * bounds as inputs, Unsqueeze's axes as an input, Resize's optional roi left out).
     */
    static final Map<String, Integer> OPERATORS = Map.ofEntries(
            Map.entry("Add", 7), Map.entry("Conv", 1), Map.entry("InstanceNormalization", 6),
            Map.entry("MatMul", 1), Map.entry("Mul", 7), Map.entry("Pad", 11), Map.entry("Relu", 6),
            Map.entry("Resize", 13), Map.entry("Shape", 1), Map.entry("Sigmoid", 6), Map.entry("Slice", 10),
            Map.entry("Unsqueeze", 13));

    private GraphCheck() {
    }

    /** What breaks the rules, in words; empty if nothing does. */
    static List<String> problems(ModelProto model) {
        List<String> problems = new ArrayList<>();
        if (model.getIrVersion() < 3) {
            problems.add("ir_version " + model.getIrVersion() + " is missing or older than 3 (operator sets)");
        }
        long opset = defaultOpset(model, problems);
        GraphProto graph = model.getGraph();
        if (graph.getName().isEmpty()) {
            problems.add("the graph has no name");
        }
        Set<String> available = new HashSet<>();
        for (TensorProto initializer : graph.getInitializerList()) {
            checkInitializer(initializer, available, problems);
        }
        for (ValueInfoProto input : graph.getInputList()) {
            checkTyped("input", input, problems);
            if (!available.add(input.getName())) {
                problems.add("input '" + input.getName() + "' is declared twice or is also an initializer");
            }
        }
        Set<String> nodeNames = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            checkNode(node, opset, available, nodeNames, problems);
            produced.addAll(node.getOutputList());
        }
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto output : graph.getOutputList()) {
            checkTyped("output", output, problems);
            if (!outputs.add(output.getName()) || !available.contains(output.getName())) {
                problems.add("output '" + output.getName() + "' is declared twice or produced by nothing");
            }
        }
        Set<String> described = new HashSet<>();
        for (ValueInfoProto info : graph.getValueInfoList()) {
            checkTyped("value_info", info, problems);
            if (!described.add(info.getName()) || !produced.contains(info.getName())) {
                problems.add("value_info '" + info.getName() + "' is given twice or names no node's output");
            }
        }
        problems.addAll(ChannelCheck.problems(graph));
        return problems;
    }

    private static long defaultOpset(ModelProto model, List<String> problems) {
        Set<String> domains = new HashSet<>();
        long version = 0;
        for (OperatorSetIdProto set : model.getOpsetImportList()) {
            if (!domains.add(set.getDomain())) {
                problems.add("operator set domain '" + set.getDomain() + "' is imported twice");
            }
            if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
                version = set.getVersion();
            }
        }
        if (version < 1) {
            problems.add("no version of the default operator set (ai.onnx) is imported");
        }
        return version;
    }

    private static void checkInitializer(TensorProto tensor, Set<String> available, List<String> problems) {
        String name = tensor.getName();
        if (name.isEmpty() || !available.add(name)) {
            problems.add("initializer '" + name + "' has no name or a name used before");
        }
        long count = 1;
        for (long dim : tensor.getDimsList()) {
            if (dim < 0) {
                problems.add("initializer '" + name + "' has a negative dimension");
            }
            count *= dim;
        }
        long width = switch (tensor.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> 4;
            case TensorProto.DataType.INT64_VALUE -> 8;
            default -> 0;
        };
        if (width == 0) {
            problems.add("initializer '" + name + "' has data type " + tensor.getDataType()
                    + ", not float or int64");
        } else if (tensor.getRawData().size() != count * width) {
            problems.add("initializer '" + name + "' holds " + tensor.getRawData().size() + " bytes, its shape "
                    + tensor.getDimsList() + " needs " + count * width);
        }
    }

    private static void checkTyped(String kind, ValueInfoProto value, List<String> problems) {
        if (value.getName().isEmpty() || !value.getType().hasTensorType()
                || value.getType().getTensorType().getElemType() == TensorProto.DataType.UNDEFINED_VALUE) {
            problems.add(kind + " '" + value.getName() + "' has no name or no tensor element type");
        }
    }

    private static void checkNode(NodeProto node, long opset, Set<String> available, Set<String> nodeNames,
                                  List<String> problems) {
        String id = "node '" + node.getName() + "' (" + node.getOpType() + ")";
        if (!node.getName().isEmpty() && !nodeNames.add(node.getName())) {
            problems.add(id + ": another node has this name");
        }
        Integer since = OPERATORS.get(node.getOpType());
        if (!node.getDomain().isEmpty() || since == null) {
            problems.add(id + ": not an operator of the default domain this check knows");
        } else if (since > opset) {
            problems.add(id + ": needs operator set " + since + ", the model imports " + opset);
        }
        for (String input : node.getInputList()) {
            if (!input.isEmpty() && !available.contains(input)) {
                problems.add(id + " reads '" + input + "' before any node, input or initializer gives it");
            }
        }
        Set<String> attributes = new HashSet<>();
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().isEmpty() || !attributes.add(attribute.getName()) || !typed(attribute)) {
                problems.add(id + ": attribute '" + attribute.getName() + "' is unnamed, repeated, or its type "
                        + "does not match its value");
            }
        }
        if (node.getOutputCount() == 0) {
            problems.add(id + " has no output");
        }
        for (String output : node.getOutputList()) {
            if (output.isEmpty() || !available.add(output)) {
                problems.add(id + ": output '" + output + "' is unnamed or assigned before (values are assigned "
                        + "once)");
            }
        }
    }

    /** The type field is set and names the one value field in use. */
    private static boolean typed(AttributeProto a) {
        return switch (a.getType()) {
            case FLOAT -> a.getIntsCount() == 0 && a.getFloatsCount() == 0 && a.getS().isEmpty();
            case INT -> a.getIntsCount() == 0 && a.getFloatsCount() == 0 && a.getS().isEmpty();
            case STRING -> a.getIntsCount() == 0 && a.getFloatsCount() == 0 && a.getF() == 0 && a.getI() == 0;
            case INTS -> a.getIntsCount() > 0 && a.getFloatsCount() == 0 && a.getS().isEmpty();
            case FLOATS -> a.getFloatsCount() > 0 && a.getIntsCount() == 0 && a.getS().isEmpty();
            default -> false;
        };
    }
}
