package io.pastiche.tensorflow.magenta;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pastiche.ModelFormatException;
import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Coverage-guided fuzzing of the import of Magenta's frozen graphs: the GraphDef's parsing, the analysis of its
 * data flow and, for graphs that pass it, TensorFlow's evaluation of the weight nodes. Whatever the bytes, the
 * import gives a model or a {@link ModelFormatException}; anything else is a finding. Without {@code
 * JAZZER_FUZZ} this replays {@code FrozenGraphFuzzTestInputs/frozenGraph}.
 */
class FrozenGraphFuzzTest {

    private static Path folder;

    @FuzzTest(maxDuration = "10m")
    void frozenGraph(byte[] bytes) throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory("graph-fuzz");
            folder.toFile().deleteOnExit();
        }
        Path file = Files.write(Files.createTempFile(folder, "fuzzed", ".pb"), bytes);
        try {
            assertThat(MagentaImport.fromFrozenGraph(file, Optional.empty()).styles()).isNotEmpty();
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).contains(file.toString());
        } finally {
            Files.delete(file);
        }
    }

    /** Magenta's layer names with two channels everywhere: a valid graph of a few kilobytes. */
    private static NetworkSpec tiny() {
        return new NetworkSpec(List.of(
                new ConvLayer("contract/conv1", 3, 2, 1, 1, 1, Activation.RELU),
                new ConvLayer("contract/conv2", 2, 2, 3, 2, 1, Activation.RELU),
                new ConvLayer("contract/conv3", 2, 2, 3, 2, 1, Activation.RELU),
                new ResidualBlock(new ConvLayer("residual/residual1/conv1", 2, 2, 3, 1, 1, Activation.RELU),
                        new ConvLayer("residual/residual1/conv2", 2, 2, 3, 1, 1, Activation.NONE)),
                new ConvLayer("expand/conv1", 2, 2, 3, 1, 2, Activation.RELU),
                new ConvLayer("expand/conv2", 2, 2, 3, 1, 2, Activation.RELU),
                new ConvLayer("expand/conv3", 2, 3, 1, 1, 1, Activation.SIGMOID)));
    }

    /**
     * Writes the seed inputs: a valid frozen graph, its 8-bit quantised form, and broken ones (a gamma removed, an
     * unknown operation, truncated bytes). Run with the test class path and the inputs folder as the argument.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        NetworkSpec spec = tiny();
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, 2, 5);
        GraphDef graph = MagentaModels.frozenGraph(spec, 2, variables);
        byte[] valid = graph.toByteArray();
        Files.write(dir.resolve("valid"), valid);
        Files.write(dir.resolve("quantized-min-first"), MagentaModels.quantize(graph, "MIN_FIRST").toByteArray());
        GraphDef.Builder noGamma = graph.toBuilder().clearNode();
        GraphDef.Builder unknownOp = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            if (!node.getName().equals("transformer/contract/conv2/InstanceNorm/gamma")) {
                noGamma.addNode(node);
            }
            unknownOp.addNode(node.getOp().equals("Relu") ? node.toBuilder().setOp("Relu6").build() : node);
        }
        Files.write(dir.resolve("missing-gamma"), noGamma.build().toByteArray());
        Files.write(dir.resolve("unknown-op"), unknownOp.build().toByteArray());
        Files.write(dir.resolve("truncated"), Arrays.copyOf(valid, valid.length / 2));
    }
}
