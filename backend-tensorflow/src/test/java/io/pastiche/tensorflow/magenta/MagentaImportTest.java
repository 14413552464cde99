package io.pastiche.tensorflow.magenta;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.StyleMix;
import io.pastiche.model.Model;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import io.pastiche.tensorflow.TensorflowBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Imports Magenta-style checkpoints and frozen graphs that the test makes with TensorFlow Java (Magenta's names,
 * shapes and quantisation), then compares pastiche's TensorFlow backend on the imported model with TensorFlow
 * running the graph itself, on the same image and style weights.
 */
class MagentaImportTest {

    static final int STYLES = 3;
    static final int H = 28;
    static final int W = 36;
    /** Used as given, not summing to 1, as Magenta's weighted_instance_norm does. */
    static final float[] MIX = {0.5f, 0f, 0.8f};

    static Backend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        backend = new TensorflowBackendProvider().open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static float[] image(long seed) {
        Random random = new Random(seed);
        float[] nhwc = new float[H * W * 3];
        for (int i = 0; i < nhwc.length; i++) {
            nhwc[i] = random.nextFloat();
        }
        return nhwc;
    }

    /** pastiche's TensorFlow backend on the imported model, NHWC like TensorFlow's output. */
    static float[] pastiche(Model model, float[] nhwc, float[] style) {
        return pastiche(backend, model, nhwc, style, H, W);
    }

    /** The same for an image of {@code h} x {@code w}. */
    static float[] pastiche(Backend backend, Model model, float[] nhwc, float[] style, int h, int w) {
        float[] nchw = new float[nhwc.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    nchw[(c * h + y) * w + x] = nhwc[(y * w + x) * 3 + c];
                }
            }
        }
        Map<Integer, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < style.length; i++) {
            weights.put(i, (double) style[i]);
        }
        try (CompiledNetwork network = backend.compile(model.spec(), model.weights())) {
            Tensor out = network.forward(new Tensor(nchw, 1, 3, h, w),
                    List.of(model.cin().embedding(StyleMix.of(weights))));
            int oh = out.height();
            int ow = out.width();
            float[] result = new float[oh * ow * 3];
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int c = 0; c < 3; c++) {
                        result[(y * ow + x) * 3 + c] = out.data()[(c * oh + y) * ow + x];
                    }
                }
            }
            return result;
        }
    }

    /** Largest absolute difference, relative to the largest absolute value of {@code reference}. */
    static double difference(float[] actual, float[] reference) {
        assertThat(actual).hasSameSizeAs(reference);
        double diff = 0;
        double largest = 0;
        for (int i = 0; i < actual.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - reference[i]));
            largest = Math.max(largest, Math.abs(reference[i]));
        }
        return diff / largest;
    }

    @Test
    void checkpointOfThePapersNetworkAtAlphaQuarter() throws IOException {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 1);
        Path prefix = dir.resolve("model.ckpt");
        MagentaModels.saveCheckpoint(variables, MagentaModels.shapes(spec, STYLES, variables), prefix);
        assertThat(dir.resolve("model.ckpt.index")).isRegularFile();

        Model model = MagentaImport.fromCheckpoint(prefix, Optional.of(List.of("monet", "starry", "scream")));

        assertThat(model.spec()).isEqualTo(spec);
        assertThat(model.alpha()).isEqualTo(0.25);
        assertThat(model.styles()).extracting(s -> s.name()).containsExactly("monet", "starry", "scream");
        // HWIO [9, 9, 3, 8] to OIHW [8, 3, 9, 9]: element (y=2, x=5, i=1, o=6).
        float[] hwio = variables.get("transformer/contract/conv1/weights");
        assertThat(model.weight(0)[((6 * 3 + 1) * 9 + 2) * 9 + 5]).isEqualTo(hwio[((2 * 9 + 5) * 3 + 1) * 8 + 6]);
        ConvLayer last = spec.convolutions().get(spec.convolutions().size() - 1);
        assertThat(model.cin().layers().get(15).layer()).isEqualTo(last.name());
        assertThat(model.cin().layers().get(15).gammaTable())
                .containsExactly(variables.get("transformer/expand/conv3/conv/InstanceNorm/gamma"));
        // The same network as a frozen graph, run by TensorFlow, against pastiche on the imported checkpoint.
        GraphDef graph = MagentaModels.frozenGraph(spec, STYLES, variables);
        float[] image = image(2);
        double diff = difference(pastiche(model, image, MIX), MagentaModels.run(graph, image, H, W, MIX));
        System.out.printf("checkpoint (alpha 0.25, N=3): pastiche vs TensorFlow graph, largest difference %.2e of "
                + "the largest value%n", diff);
        assertThat(diff).isLessThan(1e-3);

        // The .index file is accepted for the prefix, and default names are style_0, ...
        Model again = MagentaImport.fromCheckpoint(dir.resolve("model.ckpt.index"), Optional.empty());
        assertThat(again.styles()).extracting(s -> s.name()).containsExactly("style_0", "style_1", "style_2");
    }

    @Test
    void frozenGraphMatchesTensorflowOnTheSameImageAndStyleWeights() throws IOException {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 3);
        GraphDef graph = MagentaModels.frozenGraph(spec, STYLES, variables);
        Path file = dir.resolve("frozen.pb");
        Files.write(file, graph.toByteArray());

        Model model = MagentaImport.fromFrozenGraph(file, Optional.empty());

        assertThat(model.spec()).isEqualTo(spec);
        assertThat(model.alpha()).isEqualTo(0.25);
        float[] image = image(4);
        for (float[] style : List.of(MIX, new float[] {0, 1, 0})) {
            double diff = difference(pastiche(model, image, style), MagentaModels.run(graph, image, H, W, style));
            System.out.printf("frozen graph (alpha 0.25, N=3), style weights %s: pastiche vs TensorFlow, largest "
                    + "difference %.2e of the largest value%n", java.util.Arrays.toString(style), diff);
            assertThat(diff).isLessThan(1e-3);
        }
    }

    @Test
    void mobileVariantWithOtherChannelsAndTwoResidualBlocks() throws IOException {
        NetworkSpec spec = MagentaModels.mobile();
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 5);
        GraphDef graph = MagentaModels.frozenGraph(spec, STYLES, variables);
        Path file = dir.resolve("mobile.pb");
        Files.write(file, graph.toByteArray());

        Model model = MagentaImport.fromFrozenGraph(file, Optional.empty());

        assertThat(model.spec()).isEqualTo(spec);
        assertThat(model.spec()).isNotEqualTo(NetworkSpec.standard(0.25, 2));
        assertThat(model.alpha()).isEqualTo(0.25); // contract/conv1's 8 channels / 32
        float[] image = image(6);
        double diff = difference(pastiche(model, image, MIX), MagentaModels.run(graph, image, H, W, MIX));
        System.out.printf("mobile frozen graph (8/12/16 channels, 2 residual blocks): pastiche vs TensorFlow, "
                + "largest difference %.2e of the largest value%n", diff);
        assertThat(diff).isLessThan(1e-3);

        // The same layout from a checkpoint.
        Path prefix = dir.resolve("mobile.ckpt");
        MagentaModels.saveCheckpoint(variables, MagentaModels.shapes(spec, STYLES, variables), prefix);
        assertThat(MagentaImport.fromCheckpoint(prefix, Optional.empty()).spec()).isEqualTo(spec);
    }

    @Test
    void quantisedGraphsMinFirstAndMinCombined() throws IOException {
        NetworkSpec spec = MagentaModels.mobile();
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 7);
        GraphDef floatGraph = MagentaModels.frozenGraph(spec, STYLES, variables);
        float[] image = image(8);
        float[] original = MagentaModels.run(floatGraph, image, H, W, MIX);
        for (String mode : List.of("MIN_FIRST", "MIN_COMBINED")) {
            GraphDef quantised = MagentaModels.quantize(floatGraph, mode);
            assertThat(quantised.getNodeList()).extracting(NodeDef::getOp).contains("Dequantize");
            Path file = dir.resolve("quantised-" + mode + ".pb");
            Files.write(file, quantised.toByteArray());

            Model model = MagentaImport.fromFrozenGraph(file, Optional.empty());

            assertThat(model.spec()).isEqualTo(spec);
            if (mode.equals("MIN_FIRST")) {
                // The imported weights are TensorFlow's MIN_FIRST dequantisation of the quint8 values.
                NodeDef q = quantised.getNodeList().stream()
                        .filter(n -> n.getName().equals("transformer/expand/conv1/conv/weights_quantized_const"))
                        .findFirst().orElseThrow();
                byte[] bytes = q.getAttrOrThrow("value").getTensor().getTensorContent().toByteArray();
                float min = min(quantised, "transformer/expand/conv1/conv/weights_quantized_min");
                float max = min(quantised, "transformer/expand/conv1/conv/weights_quantized_max");
                ConvLayer conv = spec.convolutions().get(7);
                float[] expected = new float[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    expected[i] = MagentaModels.dequantizeMinFirst(bytes[i] & 0xff, min, max);
                }
                float[] oihw = MagentaLayout.hwioToOihw(expected, conv.kernel(), conv.inChannels(),
                        conv.outChannels());
                assertThat(difference(model.weight(7), oihw)).isLessThan(1e-6);
            }
            float[] ours = pastiche(model, image, MIX);
            double diff = difference(ours, MagentaModels.run(quantised, image, H, W, MIX));
            double fromFloat = difference(ours, original);
            System.out.printf("quantised graph (%s): pastiche vs the float network with the dequantised weights "
                    + "(TensorFlow running the 8-bit graph) %.2e of the largest value; vs the unquantised float "
                    + "network %.2e%n", mode, diff, fromFloat);
            assertThat(diff).isLessThan(1e-3);
        }
    }

    private static float min(GraphDef graph, String node) {
        return MagentaModels.floats(graph.getNodeList().stream().filter(n -> n.getName().equals(node)).findFirst()
                .orElseThrow().getAttrOrThrow("value").getTensor())[0];
    }
}
