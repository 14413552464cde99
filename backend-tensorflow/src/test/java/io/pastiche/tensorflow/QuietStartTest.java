package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.testkit.RandomModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What TensorFlow prints, seen from outside: a fresh JVM opens the backend and runs the network once. Nothing ever
 * reaches stdout; with {@code TF_CPP_MIN_LOG_LEVEL=1} in the environment, TensorFlow's own informational lines
 * (oneDNN, CPU features) are gone from stderr, and what remains is at most abseil's two lines about the MLIR pass,
 * which no setting reaches (docs/backend-tensorflow.md).
 */
class QuietStartTest {

    /** Run in the child JVM: open, compile, one forward, close; prints nothing itself. */
    public static void main(String[] args) {
        NetworkSpec spec = NetworkSpec.standard(0.125);
        try (Backend backend = new TensorflowBackendProvider().open();
             CompiledNetwork network = backend.compile(spec, RandomModels.model(spec, 1, 1).weights())) {
            network.forward(RandomModels.images(1, 16, 16, 2), List.of(RandomModels.model(spec, 1, 1).cin()
                    .embedding(0)));
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nothingOnStdoutAndOnlyAbseilsLinesOnStderr() throws Exception {
        Path out = Files.createTempFile("pastiche-tf-stdout", ".txt");
        Path err = Files.createTempFile("pastiche-tf-stderr", ".txt");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    QuietStartTest.class.getName())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put(TensorflowRuntime.LOG_LEVEL, "1");
            Process process = builder.start();
            assertThat(process.waitFor(100, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);

            assertThat(process.exitValue()).as(stderr).isZero();
            assertThat(Files.readString(out, StandardCharsets.UTF_8)).as("stdout").isEmpty();
            for (String line : stderr.lines().toList()) {
                assertThat(line).as("stderr").matches("WARNING: All log messages before absl::InitializeLog\\(\\) .*"
                        + "|I0000 .* mlir_graph_optimization_pass\\.cc:\\d+\\] MLIR V1 optimization pass is not enabled");
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
