package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.DefaultModel;
import io.pastiche.network.NetworkSpec;
import io.pastiche.onnx.proto.Onnx.GraphProto;
import io.pastiche.onnx.proto.Onnx.ModelProto;
import io.pastiche.onnx.proto.Onnx.NodeProto;
import io.pastiche.onnx.proto.Onnx.OperatorSetIdProto;
import io.pastiche.onnx.proto.Onnx.TensorShapeProto;
import io.pastiche.onnx.proto.Onnx.ValueInfoProto;
import io.pastiche.testkit.RandomModels;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The exported files pass the ONNX checker's rules that apply from Java, and each rule catches the fault it is
 * for (so a passing check means something).
 */
class GraphCheckTest {

    private static final ModelProto EXPORTED = OnnxExport.toProto(RandomModels.model(SlimLayout.spec(), 2, 9));

    @Test
    void exportedModelsOfEveryKindPass() throws Exception {
        ModelProto standard = ModelProto.parseFrom(OnnxExport.toBytes(RandomModels.model(NetworkSpec.standard(0.25),
                2, 1)));
        ModelProto bundled = ModelProto.parseFrom(OnnxExport.toBytes(DefaultModel.read()));

        assertThat(GraphCheck.problems(EXPORTED)).isEmpty();
        assertThat(GraphCheck.problems(standard)).isEmpty();
        assertThat(GraphCheck.problems(bundled)).isEmpty();
    }

    @Test
    void noOperatorSetImported() {
        assertThat(GraphCheck.problems(EXPORTED.toBuilder().clearOpsetImport().build()))
                .anyMatch(p -> p.contains("no version of the default operator set"));
    }

    @Test
    void operatorSetOlderThanAnOperatorNeeds() {
        ModelProto old = EXPORTED.toBuilder().clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(11)).build();
        assertThat(GraphCheck.problems(old)).anyMatch(p -> p.contains("(Unsqueeze): needs operator set 13"));
    }

    @Test
    void nodeReadingAValueBeforeItIsProduced() {
        ModelProto swapped = graph(g -> {
            NodeProto first = g.getNode(0);
            NodeProto second = g.getNode(1);
            return g.setNode(0, second).setNode(1, first);
        });
        assertThat(GraphCheck.problems(swapped)).anyMatch(p -> p.contains("before any node, input or initializer"));
    }

    @Test
    void valueAssignedTwice() {
        ModelProto twice = graph(g -> g.addNode(g.getNode(g.getNodeCount() - 1)));
        assertThat(GraphCheck.problems(twice)).anyMatch(p -> p.contains("assigned before"));
    }

    @Test
    void initializerNameNotUnique() {
        ModelProto duplicate = graph(g -> g.addInitializer(g.getInitializer(3)));
        assertThat(GraphCheck.problems(duplicate)).anyMatch(p -> p.contains("a name used before"));
    }

    @Test
    void initializerDataNotMatchingItsShape() {
        ModelProto wrong = graph(g -> g.setInitializer(3, g.getInitializer(3).toBuilder().addDims(2)));
        assertThat(GraphCheck.problems(wrong)).anyMatch(p -> p.contains("bytes, its shape"));
    }

    @Test
    void declaredChannelsNotMatchingTheWeights() {
        ModelProto wrong = graph(g -> g.setValueInfo(0, channels(g.getValueInfo(0), 5)));
        assertThat(GraphCheck.problems(wrong)).anyMatch(p -> p.contains("declared with 5 channels but has 8"));
    }

    @Test
    void styleInputWiderThanTheTables() {
        ModelProto wrong = graph(g -> g.setInput(1, channels(g.getInput(1), 3)));
        assertThat(GraphCheck.problems(wrong)).anyMatch(p -> p.contains("style weights for 2 channels, given 3"));
    }

    @Test
    void operatorUnknownInTheDefaultDomain() {
        ModelProto unknown = graph(g -> g.setNode(0, g.getNode(0).toBuilder().setOpType("Reflect")));
        assertThat(GraphCheck.problems(unknown)).anyMatch(p -> p.contains("not an operator"));
    }

    @Test
    void outputProducedByNothing() {
        ModelProto dangling = graph(g -> g.setOutput(0, g.getOutput(0).toBuilder().setName("nowhere")));
        assertThat(GraphCheck.problems(dangling)).anyMatch(p -> p.contains("produced by nothing"));
    }

    private static ModelProto graph(UnaryOperator<GraphProto.Builder> change) {
        return EXPORTED.toBuilder().setGraph(change.apply(EXPORTED.getGraph().toBuilder())).build();
    }

    /** The value's type with dimension 1 set to {@code channels}. */
    private static ValueInfoProto channels(ValueInfoProto value, long channels) {
        ValueInfoProto.Builder builder = value.toBuilder();
        builder.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .setDim(1, TensorShapeProto.Dimension.newBuilder().setDimValue(channels));
        return builder.build();
    }
}
