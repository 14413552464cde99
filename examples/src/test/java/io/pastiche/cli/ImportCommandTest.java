package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;

/**
 * {@code pastiche import} end to end, in-process, on a checkpoint with Magenta's variable names and shapes that the
 * test writes with TensorFlow (the paper's network at alpha 0.25, two styles). The importer itself is tested in
 * backend-tensorflow ({@code io.pastiche.tensorflow.magenta}), against TensorFlow running the graphs.
 */
class ImportCommandTest {

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
