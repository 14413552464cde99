package io.pastiche.onnx;

import io.pastiche.onnx.proto.Onnx.TensorProto;
import io.pastiche.onnx.proto.Onnx.TensorShapeProto;
import io.pastiche.onnx.proto.Onnx.TypeProto;
import io.pastiche.onnx.proto.Onnx.ValueInfoProto;

/**
 * The declared type of a float32 value of the graph: its name and shape, each dimension a number, a symbol
 * shared with other values (such as {@code batch}), or unknown ({@code null}).
 */
final class FloatTensorType {

    private FloatTensorType() {
    }

    /**
     * @param dims each a {@link Long} (fixed), a {@link String} (symbolic) or {@code null} (unknown)
     */
    static ValueInfoProto of(String name, String doc, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof Long value) {
                d.setDimValue(value);
            } else if (dim instanceof String symbol) {
                d.setDimParam(symbol);
            } else if (dim != null) {
                throw new IllegalArgumentException("a dimension is a Long, a String or null, not " + dim);
            }
            shape.addDim(d);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).setDocString(doc).build();
    }
}
