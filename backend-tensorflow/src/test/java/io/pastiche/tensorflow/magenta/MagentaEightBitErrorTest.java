package io.pastiche.tensorflow.magenta;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.pastiche.ModelFormatException;
import io.pastiche.network.NetworkSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** An eightbit graph that is not in the form the rewrite gives it is refused, naming the node. */
class MagentaEightBitErrorTest {

    static final String CONV = "transformer/contract/conv1/convolution";
    static final String QUANTIZE = CONV + "_eightbit_quantize_transformer/contract/MirrorPad";
    static GraphDef graph;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        NetworkSpec spec = MagentaModels.mobile();
        graph = EightBitModels.graph(spec, 2, MagentaModels.randomVariables(spec, 2, 41));
    }

    private void refused(GraphDef g, String... parts) throws IOException {
        Path file = dir.resolve("graph.pb");
        Files.write(file, g.toByteArray());
        var thrown = assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(file, Optional.empty()))
                .isInstanceOf(ModelFormatException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    private static GraphDef edit(UnaryOperator<NodeDef> edit) {
        GraphDef.Builder b = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            b.addNode(edit.apply(node));
        }
        return b.build();
    }

    @Test
    void requantizeToAFixedRangeClampsAndIsRefused() throws IOException {
        // quantize_graph's --quantized_fallback_min/max: constants instead of the measured range.
        String requantize = CONV + "_eightbit_requantize";
        GraphDef g = edit(n -> n.getName().equals(requantize) ? n.toBuilder()
                .setInput(3, "fallback_quantization_min_value").setInput(4, "fallback_quantization_max_value").build()
                : n).toBuilder()
                .addNode(scalar("fallback_quantization_min_value", -6f))
                .addNode(scalar("fallback_quantization_max_value", 6f)).build();
        refused(g, requantize, "fixed range");
    }

    @Test
    void anotherQuantisedKernelIsRefusedByName() throws IOException {
        String relu = "transformer/contract/conv2/Relu_eightbit_quantized";
        refused(edit(n -> n.getName().equals(relu) ? n.toBuilder().setOp("QuantizedRelu6").build() : n),
                relu, "QuantizedRelu6");
    }

    @Test
    void aPartOfAGroupReadFromOutsideIsRefused() throws IOException {
        GraphDef g = graph.toBuilder().addNode(NodeDef.newBuilder().setName("spy").setOp("Identity")
                .addInput(QUANTIZE).putAttr("T", AttrValue.newBuilder().setType(DataType.DT_QUINT8).build())).build();
        refused(g, "spy", QUANTIZE, "eight-bit form of " + CONV + "_eightbit_quantized_conv");
    }

    @Test
    void aQuantisedInputWhoseRangeIsNotItsOwnIsRefused() throws IOException {
        // The QuantizeV2 takes its min from another tensor's Min.
        String other = "transformer/contract/conv2/convolution_eightbit_min_transformer/contract/MirrorPad_1";
        refused(edit(n -> n.getName().equals(QUANTIZE) ? n.toBuilder().setInput(1, other).build() : n),
                other, "does not reduce", QUANTIZE);
    }

    @Test
    void aFilterThatIsNotNamedAfterItsWeightsIsRefused() throws IOException {
        String filter = "transformer/contract/conv1/weights_quint8_const";
        GraphDef g = edit(n -> {
            NodeDef.Builder b = n.toBuilder();
            if (n.getName().equals(filter)) {
                b.setName("w8");
            }
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(filter)) {
                    b.setInput(i, "w8");
                }
            }
            return b.build();
        });
        refused(g, "w8", "not named after its weights");
    }

    @Test
    void aNodeNamedAfterTheWeightsMustBeTheirMinFirstDequantize() throws IOException {
        String scope = "transformer/contract/conv1/";
        NodeDef.Builder dequantize = NodeDef.newBuilder().setName(scope + "weights").setOp("Dequantize")
                .addInput(scope + "weights_quint8_const").addInput(scope + "weights_min")
                .addInput(scope + "weights_max")
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_QUINT8).build());
        // quantize_weights' MIN_FIRST Dequantize left in the graph is the filter's reading: it imports.
        Path file = dir.resolve("kept.pb");
        Files.write(file, graph.toBuilder().addNode(dequantize.clone().putAttr("mode", AttrValue.newBuilder()
                .setS(ByteString.copyFromUtf8("MIN_FIRST")).build())).build().toByteArray());
        MagentaImport.fromFrozenGraph(file, Optional.empty());
        // In another mode it would give other weights than the kernel computes with.
        refused(graph.toBuilder().addNode(dequantize.putAttr("mode", AttrValue.newBuilder()
                .setS(ByteString.copyFromUtf8("MIN_COMBINED")).build())).build(), scope + "weights",
                "not its MIN_FIRST Dequantize");
    }

    private static NodeDef scalar(String name, float value) {
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance()).setTensorContent(ByteString.copyFrom(
                        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array())).build();
        return NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
    }
}
