package io.pastiche.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JMH's JSON results become the tables of docs/benchmarks.md, with the frame subtracted. */
class JmhTableTest {

    private static final EndToEnd.Machine MACHINE = new EndToEnd.Machine("Test CPU", 2, 8L << 30, "JDK 17",
            "Linux", "2026-01-01T00:00:00Z", "0.1 0.1 0.1");

    private static String result(String benchmark, String params, double score, String error) {
        return """
                {"jmhVersion":"1.37","benchmark":"io.pastiche.benchmarks.%s","mode":"avgt","threads":1,"forks":2,
                 "warmupIterations":3,"measurementIterations":5,"params":{%s},
                 "primaryMetric":{"score":%s,"scoreError":%s,"scoreUnit":"ms/op"}}
                """.formatted(benchmark, params, score, error);
    }

    @Test
    void layersGetTheirDifferenceAndGflops(@TempDir Path folder) throws Exception {
        String json = "[" + String.join(",",
                result("LayerBenchmark.forward", "\"backend\":\"tensorflow\",\"layer\":\"residual/residual1/conv1\","
                        + "\"image\":\"256\",\"variant\":\"layer\"", 6.0, "0.5"),
                result("LayerBenchmark.forward", "\"backend\":\"tensorflow\",\"layer\":\"residual/residual1/conv1\","
                        + "\"image\":\"256\",\"variant\":\"frame\"", 1.0, "0.1"),
                result("CinBenchmark.forwardBackward", "\"backend\":\"djl\",\"side\":\"64\",\"variant\":\"layer\"",
                        9.5, "\"NaN\""),
                result("CinBenchmark.forwardBackward", "\"backend\":\"djl\",\"side\":\"64\",\"variant\":\"frame\"",
                        2.5, "0.2"),
                result("JavaCinBenchmark.forward", "\"side\":\"64\"", 0.97, "0.01"),
                result("JavaConvBenchmark.conv", "\"layer\":\"residual/residual1/conv1\",\"image\":\"256\"", 241.6,
                        "3")) + "]";
        Path file = folder.resolve("results.json");
        Files.writeString(file, json);
        List<JmhTable.Row> rows = JmhTable.read(file);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).benchmark()).isEqualTo("LayerBenchmark");
        assertThat(rows.get(0).method()).isEqualTo("forward");

        String tables = JmhTable.tables(rows, MACHINE);
        // 3x3 128->128 at 64x64: 1.208 GFLOP, in 5 ms: 242 GFLOP/s
        assertThat(tables).contains("| residual/residual1/conv1 (3x3 128->128) | 64 x 64 | tensorflow | 6.00 ± 0.500 "
                + "| 1.00 ± 0.100 | 5.00 | 1.208 | 242 |");
        assertThat(tables).contains("| forwardBackward | 64 x 64 | djl | 9.50 | 2.50 ± 0.200 | 7.00 |");
        assertThat(tables).contains("| forward | 64 x 64 | 0.970 ± 0.010 |");
        assertThat(tables).contains("| residual/residual1/conv1 (3x3 128->128) | 64 x 64 | 242 ± 3.00 | 5.0 |");
        assertThat(tables).contains("2 fork(s), 3 warm-up and 5 measurement", "Test CPU");

        Path doc = folder.resolve("benchmarks.md");
        Files.writeString(doc, "a\n" + JmhTable.BEGIN + "\nold\n" + JmhTable.END + "\n" + EndToEnd.BEGIN + "\nkeep\n"
                + EndToEnd.END + "\n");
        Sections.write(doc, JmhTable.BEGIN, JmhTable.END, tables);
        String written = Files.readString(doc);
        assertThat(written).contains("| 242 |", "\nkeep\n").doesNotContain("old");
    }
}
