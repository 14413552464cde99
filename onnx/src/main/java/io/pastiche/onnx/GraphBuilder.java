package io.pastiche.onnx;

import com.google.protobuf.ByteString;
import io.pastiche.onnx.proto.Onnx.AttributeProto;
import io.pastiche.onnx.proto.Onnx.GraphProto;
import io.pastiche.onnx.proto.Onnx.NodeProto;
import io.pastiche.onnx.proto.Onnx.TensorProto;
import io.pastiche.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends nodes and constants to an ONNX graph in the order they run, so the node list is topologically sorted
 * by construction. Refuses a value name given twice: every value of an ONNX graph is assigned once.
 */
final class GraphBuilder {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> values = new HashSet<>();

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** Declares a graph input. */
    void input(ValueInfoProto input) {
        claim(input.getName());
        graph.addInput(input);
    }

    /** Declares a graph output; the value must be produced by a node. */
    void output(ValueInfoProto output) {
        graph.addOutput(output);
    }

    /** Records the type and shape of an intermediate value, for tools that show or check the graph. */
    void valueInfo(ValueInfoProto info) {
        graph.addValueInfo(info);
    }

    /** A float32 constant, stored little-endian in {@code raw_data}. */
    String floats(String name, long[] dims, float[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return initializer(name, dims, TensorProto.DataType.FLOAT, bytes);
    }

    /** A one-dimensional int64 constant (pads, axes, slice bounds). */
    String int64s(String name, long... data) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        return initializer(name, new long[] {data.length}, TensorProto.DataType.INT64, bytes);
    }

    private String initializer(String name, long[] dims, TensorProto.DataType type, ByteBuffer bytes) {
        claim(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /**
     * Appends a node with one output.
     *
     * @param op     the ONNX operator, in the default domain
     * @param output the name of the value it produces
     * @param inputs the values it reads, in the operator's order ({@code ""} for an optional input left out)
     * @return {@code output}
     */
    String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
        claim(output);
        // Outputs are unique, so a node named after its output has a unique name too.
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output)
                .addAllInput(inputs).addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    private void claim(String name) {
        if (name.isEmpty() || !values.add(name)) {
            throw new IllegalStateException("value name '" + name + "' is empty or used twice");
        }
    }

    GraphProto build() {
        return graph.build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }
}
