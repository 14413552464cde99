package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import io.pastiche.model.Model;
import io.pastiche.model.TensorNames;
import io.pastiche.network.ConvLayer;
import io.pastiche.onnx.proto.Onnx.ModelProto;
import io.pastiche.onnx.proto.Onnx.NodeProto;
import io.pastiche.onnx.proto.Onnx.StringStringEntryProto;
import io.pastiche.onnx.proto.Onnx.TensorProto;
import io.pastiche.testkit.RandomModels;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a user of the file sees: the inputs and output, their shapes, the metadata and the operators. */
class ExportedInterfaceTest {

    private final Model model = RandomModels.model(SlimLayout.spec(), 4, 3);

    @Test
    void inputsAndOutputAsDocumentedWithFreeBatchHeightAndWidth() throws Exception {
        try (OnnxRuntimeSession onnx = new OnnxRuntimeSession(OnnxExport.toBytes(model))) {
            Map<String, NodeInfo> inputs = onnx.session().getInputInfo();
            Map<String, NodeInfo> outputs = onnx.session().getOutputInfo();

            assertThat(inputs).containsOnlyKeys("image", "style");
            assertThat(outputs).containsOnlyKeys("pastiche");
            // ONNX Runtime gives -1 for a symbolic dimension
            assertThat(((TensorInfo) inputs.get("image").getInfo()).getShape()).containsExactly(-1, 3, -1, -1);
            assertThat(((TensorInfo) inputs.get("style").getInfo()).getShape()).containsExactly(-1, 4);
            assertThat(((TensorInfo) outputs.get("pastiche").getInfo()).getShape()).containsExactly(-1, 3, -1, -1);
        }
    }

    @Test
    void declaresOperatorSet17AndCarriesTheManifestWithTheStyleNames() throws Exception {
        ModelProto onnx = ModelProto.parseFrom(OnnxExport.toBytes(model));
        Map<String, String> metadata = onnx.getMetadataPropsList().stream()
                .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));

        assertThat(onnx.getIrVersion()).isEqualTo(8);
        assertThat(onnx.getOpsetImportList()).singleElement()
                .satisfies(set -> assertThat(set.getVersion()).isEqualTo(17));
        assertThat(metadata).containsEntry("format", "pastiche").containsEntry("styles", "4");
        assertThat(metadata.get("style_info")).contains("\"style0\"", "\"style3\"");
        assertThat(metadata.get("architecture")).contains("residual/residual2/conv2");
    }

    @Test
    void usesOnlyTheDocumentedOperatorsAndNamesWeightsAsTheModelFileDoes() throws Exception {
        ModelProto onnx = ModelProto.parseFrom(OnnxExport.toBytes(model));

        assertThat(onnx.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsOnly("Resize", "Pad",
                "Conv", "InstanceNormalization", "MatMul", "Unsqueeze", "Mul", "Add", "Relu", "Sigmoid", "Shape",
                "Slice");
        assertThat(onnx.getGraph().getInitializerList()).extracting(TensorProto::getName)
                .contains(TensorNames.weight(first()), TensorNames.gamma(first()), TensorNames.beta(first()));
    }

    private ConvLayer first() {
        return model.spec().convolutions().get(0);
    }
}
