package io.pastiche.onnx;

import io.pastiche.onnx.proto.Onnx.AttributeProto;
import io.pastiche.onnx.proto.Onnx.GraphProto;
import io.pastiche.onnx.proto.Onnx.NodeProto;
import io.pastiche.onnx.proto.Onnx.TensorProto;
import io.pastiche.onnx.proto.Onnx.TensorShapeProto;
import io.pastiche.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape inference of the one dimension a pastiche graph fixes, the channels: from the inputs' declared shapes
 * and the weights' dimensions through every node, checking that each operator receives what it needs (a
 * convolution the channels its weights take, a normalisation one scale per channel, a style row as many weights
 * as the tables have rows, a product or sum operands of one width) and that each declared type agrees. Height
 * and width depend on the input and are left to the runtime.
 */
final class ChannelCheck {

    /** Channels (dimension 1) of each value whose channels are known: images, feature maps, per-image rows. */
    private final Map<String, Long> channels = new HashMap<>();
    private final Map<String, List<Long>> weights = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ChannelCheck() {
    }

    static List<String> problems(GraphProto graph) {
        ChannelCheck check = new ChannelCheck();
        check.run(graph);
        return check.problems;
    }

    private void run(GraphProto graph) {
        for (TensorProto initializer : graph.getInitializerList()) {
            weights.put(initializer.getName(), initializer.getDimsList());
        }
        for (ValueInfoProto input : graph.getInputList()) {
            Long declared = declaredChannels(input);
            if (declared != null) {
                channels.put(input.getName(), declared);
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            infer(node);
        }
        List<ValueInfoProto> declared = new ArrayList<>(graph.getValueInfoList());
        declared.addAll(graph.getOutputList());
        for (ValueInfoProto value : declared) {
            Long expected = declaredChannels(value);
            Long inferred = channels.get(value.getName());
            if (expected != null && inferred != null && !expected.equals(inferred)) {
                problems.add("'" + value.getName() + "' is declared with " + expected + " channels but has "
                        + inferred);
            }
        }
    }

    private void infer(NodeProto node) {
        String in = node.getInputCount() > 0 ? node.getInput(0) : "";
        String out = node.getOutputCount() > 0 ? node.getOutput(0) : "";
        Long c = channels.get(in);
        switch (node.getOpType()) {
            case "Conv" -> {
                List<Long> w = weights.get(node.getInput(1));
                if (w == null || w.size() != 4) {
                    problems.add(node.getName() + ": the weights are not a 4-dimensional initializer");
                    return;
                }
                expect(node, "input channels", w.get(1), c);
                List<Long> kernel = ints(node, "kernel_shape");
                if (kernel != null && !kernel.equals(w.subList(2, 4))) {
                    problems.add(node.getName() + ": kernel_shape " + kernel + " but the weights are "
                            + w.subList(2, 4));
                }
                channels.put(out, w.get(0));
            }
            case "InstanceNormalization" -> {
                for (int i = 1; i <= 2; i++) {
                    List<Long> v = weights.get(node.getInput(i));
                    expect(node, "scale and shift values", v == null || v.size() != 1 ? null : v.get(0), c);
                }
                keep(out, c);
            }
            case "MatMul" -> {
                List<Long> table = weights.get(node.getInput(1));
                if (table == null || table.size() != 2) {
                    problems.add(node.getName() + ": the table is not a 2-dimensional initializer");
                    return;
                }
                expect(node, "style weights", table.get(0), c);
                channels.put(out, table.get(1));
            }
            case "Mul", "Add" -> {
                Long other = channels.get(node.getInput(1));
                if (c != null && other != null && !c.equals(other)) {
                    problems.add(node.getName() + ": operands of " + c + " and " + other + " channels");
                }
                keep(out, c != null ? c : other);
            }
            case "Shape" -> {
                // a 1-dimensional list of sizes, not a feature map
            }
            default -> keep(out, c); // Pad, Resize, Relu, Sigmoid, Unsqueeze and Slice (on height, width) keep it
        }
    }

    private void keep(String out, Long c) {
        if (c != null) {
            channels.put(out, c);
        }
    }

    private void expect(NodeProto node, String what, Long needed, Long got) {
        if (needed == null || got != null && !needed.equals(got)) {
            problems.add(node.getName() + ": " + what + " " + (needed == null ? "missing" : "for " + needed
                    + " channels") + ", given " + got);
        }
    }

    private static List<Long> ints(NodeProto node, String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getIntsList();
            }
        }
        return null;
    }

    /** Dimension 1 of a declared type, if it is a number. */
    private static Long declaredChannels(ValueInfoProto value) {
        TensorShapeProto shape = value.getType().getTensorType().getShape();
        if (shape.getDimCount() < 2 || !shape.getDim(1).hasDimValue()) {
            return null;
        }
        return shape.getDim(1).getDimValue();
    }
}
