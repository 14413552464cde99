package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code pastiche import} end to end, in-process, on a checkpoint with Magenta's variable names and shapes that the
 * test writes with TensorFlow (the paper's network at alpha 0.25, two styles), and on a small fully quantised
 * (eightbit) frozen graph like the released mobile one. The importer itself is tested in
 * backend-tensorflow ({@code io.pastiche.tensorflow.magenta}), against TensorFlow running the graphs.
 */
class ImportCommandTest {

    /** The range of the 8-bit graph's filters; -0.3137 is off the quantisation grid, so it gets rounded. */
    static final float FILTER_MIN = -0.3137f;
    static final float FILTER_MAX = 0.71f;

    @TempDir
    static Path shared;

    static Path prefix;
    static float[] firstWeights;

    @TempDir
    Path dir;

    /** A Magenta checkpoint of NetworkSpec.standard(0.25) with 2 styles, random values, written by SaveV2. */
    @BeforeAll
    static void writeCheckpoint() {
        prefix = shared.resolve("magenta.ckpt");
        NetworkSpec spec = NetworkSpec.standard(0.25);
        Random random = new Random(3);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            List<String> names = new ArrayList<>();
            List<Operand<?>> tensors = new ArrayList<>();
            for (ConvLayer conv : spec.convolutions()) {
                String scope = "transformer/" + conv.name() + (conv.name().startsWith("expand/") ? "/conv" : "");
                float[] w = new float[conv.weightCount()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (0.1 * random.nextGaussian());
                }
                if (firstWeights == null) {
                    firstWeights = w;
                }
                names.add(scope + "/weights");
                tensors.add(tf.constant(Shape.of(conv.kernel(), conv.kernel(), conv.inChannels(), conv.outChannels()),
                        DataBuffers.of(w, true, false)));
                for (String table : List.of("gamma", "beta")) {
                    float[] v = new float[2 * conv.outChannels()];
                    Arrays.fill(v, table.equals("gamma") ? 1f : 0f);
                    names.add(scope + "/InstanceNorm/" + table);
                    tensors.add(tf.constant(Shape.of(2, conv.outChannels()), DataBuffers.of(v, true, false)));
                }
            }
            names.add("global_step");
            tensors.add(tf.constant(100L));
            String[] slices = new String[names.size()];
            Arrays.fill(slices, "");
            var save = tf.train.save(tf.constant(prefix.toString()),
                    tf.constant(StandardCharsets.UTF_8, names.toArray(String[]::new)),
                    tf.constant(StandardCharsets.UTF_8, slices), tensors);
            try (Session session = new Session(graph)) {
                session.runner().addTarget(save).run();
            }
        }
    }

    private static Cli.Result ok(Object... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static Cli.Result failure(int code, Object... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(code);
        assertThat(result.err()).as(result.toString()).startsWith("error: ").doesNotContain("\tat ");
        return result;
    }

    @Test
    void importsACheckpointWithNames() throws IOException {
        Path names = dir.resolve("names.txt");
        Files.writeString(names, "# the styles of this test\nla_muse\n\nstarry_night\n");
        Path output = dir.resolve("imported.safetensors");

        Cli.Result result = ok("import", "--checkpoint", prefix, "--names", names, "-o", output);

        assertThat(result.out()).contains("wrote " + output, "2 styles (la_muse, starry_night)",
                "the paper's layout at alpha 0.25", "5 residual blocks");
        Model model = ModelFile.read(output);
        assertThat(model.spec()).isEqualTo(NetworkSpec.standard(0.25));
        assertThat(model.alpha()).isEqualTo(0.25);
        assertThat(model.styles()).extracting(s -> s.name()).containsExactly("la_muse", "starry_night");
        // HWIO [9, 9, 3, 8] became OIHW [8, 3, 9, 9]: element (y=4, x=1, i=2, o=5).
        assertThat(model.weight(0)[((5 * 3 + 2) * 9 + 4) * 9 + 1]).isEqualTo(firstWeights[((4 * 9 + 1) * 3 + 2) * 8 + 5]);

        // The .index file names the checkpoint too; --f16 halves the file; --force replaces it.
        Cli.Result half = ok("import", "--checkpoint", prefix + ".index", "-o", output, "--f16", "--force");
        assertThat(half.out()).contains("style_0, style_1", "half precision");
        assertThat(ModelFile.readManifest(output).styles()).hasSize(2);
        assertThat(ModelFile.read(output).weight(0)[0]).isCloseTo(firstWeights[0], org.assertj.core.data.Offset
                .offset(1e-3f));
    }

    @Test
    void importsAFullyQuantisedGraph() throws IOException {
        Path graph = dir.resolve("stylize_quantized.pb");
        byte[][] filters = writeEightBitGraph(graph);
        Path output = dir.resolve("mobile.safetensors");

        Cli.Result result = ok("import", "--graph", graph, "-o", output);

        assertThat(result.out()).contains("wrote " + output, "2 styles (style_0, style_1)", "a custom layout",
                "2 convolutions");
        Model model = ModelFile.read(output);
        // The 1x1 filters, read as QuantizedConv2D reads them: min rounded to the grid of step, plus q * step.
        for (int layer = 0; layer < 2; layer++) {
            double step = (FILTER_MAX - FILTER_MIN) / 255.0;
            float[] weights = model.weight(layer);
            for (int i = 0; i < weights.length; i++) {
                int out = i / (layer == 0 ? 3 : 4);
                int in = i % (layer == 0 ? 3 : 4);
                int q = filters[layer][in * (layer == 0 ? 4 : 3) + out] & 0xff; // HWIO [1, 1, in, out]
                assertThat((double) weights[i]).isCloseTo(Math.round(FILTER_MIN / step) * step + q * step,
                        org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    /**
     * A two-layer Magenta transformer (contract/conv1 3 to 4 channels with ReLU, expand/conv1 4 to 3 with sigmoid,
     * 1x1 kernels, two styles) in the form of TensorFlow's eightbit rewrite, as the released mobile graph is: each
     * convolution a QuantizedConv2D of a QuantizeV2'd input with a quint8 filter, requantised and dequantised; the
     * ReLU a QuantizedRelu. The importer's own tests cover the whole form; this is the command end to end.
     *
     * @return the two filters' quint8 values, HWIO
     */
    private static byte[][] writeEightBitGraph(Path file) throws IOException {
        Random random = new Random(5);
        byte[][] filters = new byte[2][];
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Output<TFloat32> x = raw(graph, tf, "Placeholder", "input", List.of(),
                    o -> o.setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(-1, -1, -1, 3))).output(0);
            Output<TFloat32> style = raw(graph, tf, "Placeholder", "style_num", List.of(),
                    o -> o.setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(2))).output(0);
            Ops transformer = tf.withSubScope("transformer");
            Ops[] norms = {transformer.withSubScope("contract").withSubScope("conv1").withSubScope("InstanceNorm"),
                transformer.withSubScope("expand").withSubScope("conv1").withSubScope("conv")
                        .withSubScope("InstanceNorm")};
            String[] scopes = {"transformer/contract/conv1", "transformer/expand/conv1/conv"};
            int[][] channels = {{3, 4}, {4, 3}};
            for (int layer = 0; layer < 2; layer++) {
                String s = scopes[layer];
                int in = channels[layer][0];
                int out = channels[layer][1];
                String c = s + "/convolution";
                Output<?> pad = raw(graph, tf, "MirrorPad", s.substring(0, s.lastIndexOf('/')) + "/MirrorPad",
                        List.of(x, tf.constant(new int[4][2]).asOutput()), o -> o.setAttr("mode", "REFLECT"))
                        .output(0);
                filters[layer] = new byte[in * out];
                random.nextBytes(filters[layer]);
                TensorProto values = TensorProto.newBuilder().setDtype(DataType.DT_QUINT8)
                        .setTensorShape(TensorShapeProto.newBuilder().addDim(dim(1)).addDim(dim(1)).addDim(dim(in))
                                .addDim(dim(out)))
                        .setTensorContent(ByteString.copyFrom(filters[layer])).build();
                Output<?> filter = raw(graph, tf, "Const", s + "/weights_quint8_const", List.of(), o -> o
                        .setAttr("dtype", DataType.DT_QUINT8)
                        .setAttr("value", AttrValue.newBuilder().setTensor(values).build())).output(0);
                Operation q = quantize(graph, tf, c, pad);
                Operation conv = raw(graph, tf, "QuantizedConv2D", c + "_eightbit_quantized_conv", List.of(
                        q.output(0), filter, q.output(1), q.output(2), tf.constant(FILTER_MIN).asOutput(),
                        tf.constant(FILTER_MAX).asOutput()), o -> o.setAttr("out_type", DataType.DT_QINT32)
                        .setAttr("strides", new long[] {1, 1, 1, 1}).setAttr("padding", "VALID"));
                Operation range = raw(graph, tf, "RequantizationRange", c + "_eightbit_requant_range",
                        List.of(conv.output(0), conv.output(1), conv.output(2)), o -> { });
                Operation requantize = raw(graph, tf, "Requantize", c + "_eightbit_requantize", List.of(
                        conv.output(0), conv.output(1), conv.output(2), range.output(0), range.output(1)),
                        o -> o.setAttr("out_type", DataType.DT_QUINT8));
                Output<TFloat32> y = dequantize(graph, tf, c, requantize).output(0);
                // Magenta's weighted instance normalisation, in float; gamma 1 and beta 0 for both styles.
                Ops n = norms[layer];
                Operand<TFloat32> weights = n.reshape(style, n.constant(new int[] {2, 1}));
                List<Operand<TFloat32>> mixed = new ArrayList<>();
                for (String table : List.of("gamma", "beta")) {
                    float[] v = new float[2 * out];
                    Arrays.fill(v, table.equals("gamma") ? 1f : 0f);
                    Operand<TFloat32> t = n.withName(table).constant(Shape.of(2, out), DataBuffers.of(v, true, false));
                    mixed.add(n.expandDims(n.expandDims(n.sum(n.math.mul(weights, t), n.constant(0),
                            Sum.keepDims(true)), n.constant(1)), n.constant(1)));
                }
                Operand<TInt32> axes = n.constant(new int[] {1, 2});
                Operand<TFloat32> mean = n.math.mean(y, axes, Mean.keepDims(true));
                Operand<TFloat32> variance = n.math.mean(n.math.squaredDifference(y, n.stopGradient(mean)), axes,
                        Mean.keepDims(true));
                Operand<TFloat32> inv = n.math.mul(n.math.rsqrt(n.math.add(variance, n.constant(1e-5f))),
                        mixed.get(0));
                Operand<TFloat32> norm = n.math.add(n.math.mul(y, inv), n.math.sub(mixed.get(1),
                        n.math.mul(mean, inv)));
                if (layer == 0) {
                    Operation qr = quantize(graph, tf, s + "/Relu", norm.asOutput());
                    Operation relu = raw(graph, tf, "QuantizedRelu", s + "/Relu_eightbit_quantized",
                            List.of(qr.output(0), qr.output(1), qr.output(2)),
                            o -> o.setAttr("out_type", DataType.DT_QUINT8));
                    x = dequantize(graph, tf, s + "/Relu", relu).output(0);
                } else {
                    raw(graph, tf, "Sigmoid", s + "/Sigmoid", List.of(norm.asOutput()), o -> { });
                }
            }
            Files.write(file, graph.toGraphDef().toByteArray());
        }
        return filters;
    }

    /** An operation under an exact name (the rewrite's names hold slashes that a Scope would not take). */
    private static Operation raw(Graph graph, Ops tf, String type, String name, List<Output<?>> inputs,
                                 Consumer<OperationBuilder> attrs) {
        OperationBuilder builder = graph.opBuilder(type, name, tf.scope());
        inputs.forEach(builder::addInput);
        attrs.accept(builder);
        return builder.build();
    }

    /** The rewrite's QuantizeV2 of a float input of {@code node}, over its own range (Min, Max of it flattened). */
    private static Operation quantize(Graph graph, Ops tf, String node, Output<?> tensor) {
        String prefix = node + "_eightbit";
        String in = tensor.op().name();
        Output<?> flat = raw(graph, tf, "Reshape", prefix + "_reshape_" + in,
                List.of(tensor, tf.constant(new int[] {-1}).asOutput()), o -> { }).output(0);
        Output<?> axis = tf.constant(new int[] {0}).asOutput();
        Output<?> min = raw(graph, tf, "Min", prefix + "_min_" + in, List.of(flat, axis), o -> { }).output(0);
        Output<?> max = raw(graph, tf, "Max", prefix + "_max_" + in, List.of(flat, axis), o -> { }).output(0);
        return raw(graph, tf, "QuantizeV2", prefix + "_quantize_" + in, List.of(tensor, min, max),
                o -> o.setAttr("T", DataType.DT_QUINT8).setAttr("mode", "MIN_FIRST"));
    }

    private static Operation dequantize(Graph graph, Ops tf, String name, Operation quantised) {
        return raw(graph, tf, "Dequantize", name, List.of(quantised.output(0), quantised.output(1),
                quantised.output(2)), o -> o.setAttr("mode", "MIN_FIRST"));
    }

    private static TensorShapeProto.Dim dim(long size) {
        return TensorShapeProto.Dim.newBuilder().setSize(size).build();
    }

    @Test
    void failures() throws IOException {
        Path output = dir.resolve("out.safetensors");
        // Neither or both sources: usage errors.
        failure(2, "import", "-o", output);
        failure(2, "import", "--checkpoint", prefix, "--graph", dir.resolve("g.pb"), "-o", output);
        // Missing files, a file that is not a graph, too many names: failures naming the problem.
        assertThat(failure(1, "import", "--checkpoint", dir.resolve("none.ckpt"), "-o", output).err())
                .contains("no such file", "none.ckpt.index");
        Path junk = dir.resolve("junk.pb");
        Files.writeString(junk, "not a graph");
        assertThat(failure(1, "import", "--graph", junk, "-o", output).err()).contains("junk.pb");
        Path names = dir.resolve("three.txt");
        Files.writeString(names, "a\nb\nc\n");
        assertThat(failure(1, "import", "--checkpoint", prefix, "--names", names, "-o", output).err())
                .contains("3 style names are given", "2 styles");
        Files.writeString(names, "ok\n42\n");
        assertThat(failure(1, "import", "--checkpoint", prefix, "--names", names, "-o", output).err())
                .contains("'42' is a number");
        assertThat(output).doesNotExist();
        Files.writeString(output, "x");
        assertThat(failure(1, "import", "--checkpoint", prefix, "-o", output).err()).contains("--force");
    }
}
