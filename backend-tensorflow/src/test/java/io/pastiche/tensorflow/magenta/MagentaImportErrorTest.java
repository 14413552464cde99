package io.pastiche.tensorflow.magenta;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.ModelFormatException;
import io.pastiche.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** What the importer does not understand is a ModelFormatException naming the node or variable. */
class MagentaImportErrorTest {

    static final int STYLES = 2;
    static NetworkSpec spec;
    static Map<String, float[]> variables;
    static GraphDef graph;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        spec = MagentaModels.mobile();
        variables = MagentaModels.randomVariables(spec, STYLES, 11);
        graph = MagentaModels.frozenGraph(spec, STYLES, variables);
    }

    private Path write(GraphDef g) throws IOException {
        Path file = dir.resolve("graph.pb");
        Files.write(file, g.toByteArray());
        return file;
    }

    /** The graph with every node passed through {@code edit} (null removes it). */
    private static GraphDef edit(UnaryOperator<NodeDef> edit) {
        GraphDef.Builder b = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            NodeDef edited = edit.apply(node);
            if (edited != null) {
                b.addNode(edited);
            }
        }
        return b.build();
    }

    /** A node renamed, and every reference to it. */
    private static GraphDef rename(String from, String to) {
        return edit(node -> {
            NodeDef.Builder b = node.toBuilder();
            if (node.getName().equals(from)) {
                b.setName(to);
            }
            for (int i = 0; i < node.getInputCount(); i++) {
                if (node.getInput(i).equals(from)) {
                    b.setInput(i, to);
                }
            }
            return b.build();
        });
    }

    @Test
    void graphMissingAGamma() throws IOException {
        String gamma = "transformer/contract/conv2/InstanceNorm/gamma";
        Path file = write(rename(gamma, "transformer/contract/conv2/InstanceNorm/scale"));
        assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(file, Optional.empty()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("no node " + gamma);
    }

    @Test
    void graphWithAnUnknownOperation() throws IOException {
        String relu = "transformer/residual/residual1/conv1/Relu";
        Path file = write(edit(node -> node.getName().equals(relu) ? node.toBuilder().setOp("Relu6").build() : node));
        assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(file, Optional.empty()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("node " + relu + " is a Relu6 operation");
    }

    @Test
    void graphWithSamePaddingInsteadOfReflection() throws IOException {
        String conv = "transformer/contract/conv3/Conv2D";
        Path file = write(edit(node -> node.getName().equals(conv) ? node.toBuilder().putAttr("padding",
                org.tensorflow.proto.AttrValue.newBuilder()
                        .setS(com.google.protobuf.ByteString.copyFromUtf8("SAME")).build()).build() : node));
        assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(file, Optional.empty()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("node " + conv + " has padding SAME");
    }

    @Test
    void graphWhoseResidualBlockSkipsItsAdd() throws IOException {
        // residual2/conv1 reads residual1's second normalisation instead of the block's sum.
        String add = "transformer/residual/residual1/add";
        GraphDef g = edit(node -> {
            if (node.getName().equals(add)) {
                return null;
            }
            NodeDef.Builder b = node.toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                if (node.getInput(i).equals(add)) {
                    b.setInput(i, "transformer/residual/residual1/conv1/Relu");
                }
            }
            return b.build();
        });
        assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(write(g), Optional.empty()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("transformer/residual/residual1/conv2/InstanceNorm/");
    }

    @Test
    void notAGraph() throws IOException {
        Path file = dir.resolve("junk.pb");
        Files.writeString(file, "this is not a protobuf at all \u0000\u0001\u0002");
        assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(file, Optional.empty()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("junk.pb");
        assertThatThrownBy(() -> MagentaImport.fromFrozenGraph(dir.resolve("none.pb"), Optional.empty()))
                .isInstanceOf(NoSuchFileException.class);
    }

    private Path checkpoint(Map<String, float[]> vars, Map<String, long[]> shapes) {
        Path prefix = dir.resolve("model.ckpt");
        MagentaModels.saveCheckpoint(vars, shapes, prefix);
        return prefix;
    }

    @Test
    void checkpointMissingAGamma() {
        String gamma = "transformer/expand/conv2/conv/InstanceNorm/gamma";
        Map<String, float[]> vars = new LinkedHashMap<>(variables);
        vars.remove(gamma);
        Path prefix = checkpoint(vars, MagentaModels.shapes(spec, STYLES, vars));
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(prefix, Optional.empty()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("variable " + gamma + " is missing");
    }

    @Test
    void checkpointWithAGammaOfTheWrongShape() {
        String gamma = "transformer/contract/conv3/InstanceNorm/gamma";
        Map<String, float[]> vars = new LinkedHashMap<>(variables);
        vars.put(gamma, new float[STYLES * 17]);
        Map<String, long[]> shapes = new HashMap<>(MagentaModels.shapes(spec, STYLES, variables));
        shapes.put(gamma, new long[] {STYLES, 17});
        Path prefix = checkpoint(vars, shapes);
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(prefix, Optional.empty()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(gamma + " has shape [2, 17]; expected [N, 16]");
    }

    @Test
    void checkpointWithWeightsThatDoNotChain() {
        String weights = "transformer/residual/residual2/conv1/weights";
        Map<String, float[]> vars = new LinkedHashMap<>(variables);
        vars.put(weights, new float[3 * 3 * 15 * 16]);
        Map<String, long[]> shapes = new HashMap<>(MagentaModels.shapes(spec, STYLES, variables));
        shapes.put(weights, new long[] {3, 3, 15, 16});
        Path prefix = checkpoint(vars, shapes);
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(prefix, Optional.empty()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(weights + " has shape [3, 3, 15, 16]: it takes 15 channels but the layer "
                        + "before it gives 16");
    }

    @Test
    void checkpointWithABias() {
        String bias = "transformer/contract/conv1/biases";
        Map<String, float[]> vars = new LinkedHashMap<>(variables);
        vars.put(bias, new float[8]);
        Map<String, long[]> shapes = new HashMap<>(MagentaModels.shapes(spec, STYLES, variables));
        shapes.put(bias, new long[] {8});
        Path prefix = checkpoint(vars, shapes);
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(prefix, Optional.empty()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("variable " + bias);
    }

    @Test
    void checkpointWithAGapInTheResidualBlocks() {
        Map<String, float[]> vars = new LinkedHashMap<>();
        variables.forEach((name, values) -> vars.put(name.replace("residual/residual2/", "residual/residual3/"),
                values));
        Map<String, long[]> shapes = new HashMap<>();
        MagentaModels.shapes(spec, STYLES, variables).forEach((name, shape) ->
                shapes.put(name.replace("residual/residual2/", "residual/residual3/"), shape));
        Path prefix = checkpoint(vars, shapes);
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(prefix, Optional.empty()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("transformer/residual/residual2/conv1 is missing");
    }

    @Test
    void wrongNumberOfStyleNames() {
        Path prefix = checkpoint(variables, MagentaModels.shapes(spec, STYLES, variables));
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(prefix, Optional.of(List.of("a", "b", "c"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 style names are given")
                .hasMessageContaining("has 2 styles");
        assertThatThrownBy(() -> MagentaImport.fromCheckpoint(dir.resolve("nothing.ckpt"), Optional.empty()))
                .isInstanceOf(NoSuchFileException.class);
    }
}
