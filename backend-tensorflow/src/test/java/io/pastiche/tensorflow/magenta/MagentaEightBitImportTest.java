package io.pastiche.tensorflow.magenta;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.model.Model;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.tensorflow.TensorflowBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Graphs in the form of TensorFlow's eightbit rewrite (the released mobile graph's form) import as the float
 * network with their dequantised weights: pastiche on the imported model matches TensorFlow running an independent
 * float graph of those weights, and the test measures how far the 8-bit graph itself, with its quantised
 * activations, is from that.
 */
class MagentaEightBitImportTest {

    static final int STYLES = 26;
    static final int H = 64;
    static final int W = 48;

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

    @Test
    void slimLayoutOfTheReleasedGraph() throws IOException {
        NetworkSpec spec = EightBitModels.slim();
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 21);
        GraphDef eightBit = EightBitModels.graph(spec, STYLES, variables);
        assertThat(eightBit.getNodeList()).extracting(NodeDef::getOp)
                .contains("QuantizedConv2D", "QuantizedRelu", "QuantizedReshape", "RequantizationRange", "Min")
                .doesNotContain("Conv2D", "Relu");
        // The node the importer used to refuse the released graph at.
        assertThat(eightBit.getNodeList()).extracting(NodeDef::getName)
                .contains("transformer/contract/conv1/convolution_eightbit_min_transformer/contract/MirrorPad");
        Path file = dir.resolve("stylize_quantized.pb");
        Files.write(file, eightBit.toByteArray());

        Model model = MagentaImport.fromFrozenGraph(file, Optional.empty());

        assertThat(model.spec()).isEqualTo(spec);
        assertThat(model.styles()).hasSize(STYLES);
        assertThat(model.alpha()).isEqualTo(1.0); // contract/conv1's 32 channels / 32
        // The weights are the quint8 values read as QuantizedConv2D reads them.
        Map<String, float[]> floats = EightBitModels.dequantised(variables);
        List<ConvLayer> convs = spec.convolutions();
        for (int i = 0; i < convs.size(); i++) {
            ConvLayer conv = convs.get(i);
            float[] hwio = floats.get(MagentaModels.scope(conv.name()) + "/weights");
            assertThat(MagentaImportTest.difference(model.weight(i), MagentaLayout.hwioToOihw(hwio, conv.kernel(),
                    conv.inChannels(), conv.outChannels()))).as(conv.name()).isLessThan(1e-6);
        }
        compare(model, spec, variables, eightBit, "slim layout (32 channels, 6 residual blocks, expand 8/4), N=26");
    }

    @Test
    void papersLayoutAtAlphaQuarter() throws IOException {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 23);
        GraphDef eightBit = EightBitModels.graph(spec, STYLES, variables);
        Path file = dir.resolve("paper.pb");
        Files.write(file, eightBit.toByteArray());

        Model model = MagentaImport.fromFrozenGraph(file, Optional.empty());

        assertThat(model.spec()).isEqualTo(spec);
        compare(model, spec, variables, eightBit, "paper's layout at alpha 0.25, N=26");
    }

    @Test
    void filtersQuantisedAtRunTimeImportAsTheirFloatWeights() throws IOException {
        NetworkSpec spec = MagentaModels.mobile();
        Map<String, float[]> variables = MagentaModels.randomVariables(spec, STYLES, 25);
        GraphDef eightBit = EightBitModels.graph(spec, STYLES, variables, true);
        assertThat(eightBit.getNodeList()).extracting(NodeDef::getName)
                .contains("transformer/contract/conv1/weights", "transformer/contract/conv1/convolution_eightbit"
                        + "_quantize_transformer/contract/conv1/weights");
        Path file = dir.resolve("float-filters.pb");
        Files.write(file, eightBit.toByteArray());

        Model model = MagentaImport.fromFrozenGraph(file, Optional.empty());

        assertThat(model.spec()).isEqualTo(spec);
        ConvLayer first = spec.convolutions().get(0);
        assertThat(model.weight(0)).containsExactly(MagentaLayout.hwioToOihw(
                variables.get("transformer/contract/conv1/weights"), first.kernel(), first.inChannels(),
                first.outChannels()));
        float[] style = new float[STYLES];
        style[1] = 1;
        float[] image = image(33);
        double[] vsFloat = levels(MagentaImportTest.pastiche(backend, model, image, style, H, W),
                MagentaModels.run(MagentaModels.frozenGraph(spec, STYLES, variables), image, H, W, style));
        assertThat(vsFloat[0]).isLessThan(1);
    }

    /**
     * pastiche on the imported model against TensorFlow running the float graph of the dequantised weights (must
     * agree within 1 in 0..255), and against TensorFlow running the 8-bit graph itself (measured).
     */
    private static void compare(Model model, NetworkSpec spec, Map<String, float[]> variables, GraphDef eightBit,
                                String what) {
        GraphDef reference = MagentaModels.frozenGraph(spec, STYLES, EightBitModels.dequantised(variables));
        float[] oneHot = new float[STYLES];
        oneHot[3] = 1;
        float[] mix = new float[STYLES];
        mix[0] = 0.5f;
        mix[7] = 0.3f;
        mix[25] = 0.2f;
        double worstEightBit = 0;
        for (float[] style : List.of(oneHot, mix)) {
            float[] image = image(31);
            float[] ours = MagentaImportTest.pastiche(backend, model, image, style, H, W);
            float[] floatGraph = MagentaModels.run(reference, image, H, W, style);
            float[] eightBitGraph = MagentaModels.run(eightBit, image, H, W, style);
            double[] vsFloat = levels(ours, floatGraph);
            double[] vsEightBit = levels(ours, eightBitGraph);
            System.out.printf("8-bit graph, %s: pastiche vs float graph of the dequantised weights: largest "
                    + "%.4f, mean %.5f of 255; vs the 8-bit graph run by TensorFlow: largest %.1f, mean %.2f of 255"
                    + "%n", what, vsFloat[0], vsFloat[1], vsEightBit[0], vsEightBit[1]);
            assertThat(vsFloat[0]).isLessThan(1);
            worstEightBit = Math.max(worstEightBit, vsEightBit[1]);
        }
        // The 8-bit graph quantises every activation; it stays close on average.
        assertThat(worstEightBit).isLessThan(16);
    }

    /** Largest and mean absolute difference, in levels of 0..255. */
    static double[] levels(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]) * 255;
            max = Math.max(max, d);
            sum += d;
        }
        return new double[] {max, sum / a.length};
    }

    static float[] image(long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] nhwc = new float[H * W * 3];
        // A smooth picture with some noise, closer to a photo than uniform noise.
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 + 0.35 * Math.sin(0.11 * x * (c + 1) + 0.07 * y) + 0.05 * random.nextGaussian();
                    nhwc[(y * W + x) * 3 + c] = (float) Math.max(0, Math.min(1, v));
                }
            }
        }
        return nhwc;
    }
}
