package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.pastiche.files.AtomicWrite;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pastiche export} end to end, in-process; ONNX Runtime loads and runs what it writes. */
class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void exportsTheDefaultModelToAFileOnnxRuntimeRuns() throws Exception {
        Path onnx = dir.resolve("out.onnx");

        Cli.Result result = Cli.run("export", "--onnx", onnx);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("wrote " + onnx, "the default model", "operator set 17", "16 styles");
        assertThat(noTemporaryFiles()).isTrue();
        float[] style = new float[16];
        style[5] = 1;
        assertThat(run(onnx, 29, 18, style)).containsExactly(1, 3, 29, 18);
    }

    @Test
    void exportsTheModelGivenWithItsStyles() throws Exception {
        Path model = dir.resolve("small.safetensors");
        assertThat(Cli.run("create", "--styles", "a,b,c", "--alpha", "0.25", "-o", model).exitCode()).isZero();
        Path onnx = dir.resolve("sub/small.onnx");

        Cli.Result result = Cli.run("export", "-m", model, "--onnx", onnx);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(run(onnx, 17, 22, new float[] {0.5f, 0, 0.5f})).containsExactly(1, 3, 17, 22);
    }

    @Test
    void refusesToReplaceAFileUnlessForced() throws Exception {
        Path onnx = dir.resolve("out.onnx");
        Files.writeString(onnx, "keep me");

        Cli.Result refused = Cli.run("export", "--onnx", onnx);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("exists; use --force");
        assertThat(Files.readString(onnx)).isEqualTo("keep me");

        assertThat(Cli.run("export", "--onnx", onnx, "--force").exitCode()).isZero();
        assertThat(Files.size(onnx)).isGreaterThan(1_000_000);
        assertThat(noTemporaryFiles()).isTrue();
    }

    @Test
    void withoutTheOutputItIsAUsageError() {
        Cli.Result result = Cli.run("export");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--onnx");
    }

    /** Runs one random image through the file; the shape of the output. */
    private static long[] run(Path onnx, int height, int width, float[] style) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[3 * height * width]),
                     new long[] {1, 3, height, width});
             OnnxTensor weights = OnnxTensor.createTensor(env, FloatBuffer.wrap(style),
                     new long[] {1, style.length});
             OrtSession.Result result = session.run(Map.of("image", image, "style", weights))) {
            return ((TensorInfo) result.get("pastiche").orElseThrow().getInfo()).getShape();
        }
    }

    private boolean noTemporaryFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.noneMatch(p -> AtomicWrite.isTemporary(p.getFileName().toString()));
        }
    }
}
