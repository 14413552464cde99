package io.pastiche.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.pastiche.spi.Backends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end command's arguments, table and file section; one tiny real run. No timing assertions. */
class EndToEndTest {

    private static final EndToEnd.Machine MACHINE = new EndToEnd.Machine("Test CPU", 2, 8L << 30, "JDK 17",
            "Linux", "2026-01-01T00:00:00Z", "0.10 0.20 0.30");

    @Test
    void defaultsMeasureTheFourSizesAndScaleTheRepetitionsDown() {
        EndToEnd.Options options = EndToEnd.parse();
        assertThat(options.sizes()).containsExactly(256, 512, 1024, 2048);
        assertThat(options.backends()).isNull();
        assertThat(options.output()).isEqualTo(Path.of("docs", "benchmarks.md"));
        assertThat(options.inProcess()).isFalse();
        assertThat(options.repetitionsAt(256)).isEqualTo(10);
        assertThat(options.repetitionsAt(512)).isEqualTo(3);
        assertThat(options.repetitionsAt(2048)).isEqualTo(3);
        assertThat(options.repetitionsAt(64)).isEqualTo(10);
        assertThat(options.warmupAt(256)).isEqualTo(3);
        assertThat(options.warmupAt(2048)).isEqualTo(1);
        assertThat(options.warmupSeconds()).isEqualTo(20.0);
    }

    @Test
    void optionsInBothSpellings() {
        EndToEnd.Options options = EndToEnd.parse("--sizes", "64,128", "--backends=DJL,tensorflow",
                "--repetitions", "20", "--min-repetitions=2", "--warmup", "0", "--warmup-seconds", "2.5",
                "--threads", "1", "--styles", "2",
                "--jvm-arg", "-Xmx2g", "--jvm-arg=-Xss1m", "--timeout-minutes", "5", "--output", "x.md");
        assertThat(options.sizes()).containsExactly(64, 128);
        assertThat(options.backends()).containsExactly("djl", "tensorflow");
        assertThat(options.repetitionsAt(128)).isEqualTo(20);
        assertThat(options.repetitionsAt(1024)).isEqualTo(2);
        assertThat(options.warmupAt(64)).isZero();
        assertThat(options.warmupSeconds()).isEqualTo(2.5);
        assertThat(options.threads()).isEqualTo(1);
        assertThat(options.styles()).isEqualTo(2);
        assertThat(options.jvmArgs()).containsExactly("-Xmx2g", "-Xss1m");
        assertThat(options.timeoutMinutes()).isEqualTo(5);
        assertThat(options.output()).isEqualTo(Path.of("x.md"));
    }

    @Test
    void quickMeasuresOneSizeAndWritesNothingUnlessAskedTo() {
        EndToEnd.Options quick = EndToEnd.parse("--quick");
        assertThat(quick.sizes()).containsExactly(256);
        assertThat(quick.repetitionsAt(256)).isEqualTo(3);
        assertThat(quick.output()).isNull();
        assertThat(quick.warmupSeconds()).isZero();
        assertThat(EndToEnd.parse("--quick", "--sizes", "512", "--output", "y.md").sizes()).containsExactly(512);
        assertThat(EndToEnd.parse("--quick", "--output", "y.md").output()).isEqualTo(Path.of("y.md"));
        assertThat(EndToEnd.parse("--no-write").output()).isNull();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThatThrownBy(() -> EndToEnd.parse("--sizes", "0")).isInstanceOf(EndToEnd.UsageException.class);
        assertThatThrownBy(() -> EndToEnd.parse("--repetitions", "many"))
                .isInstanceOf(EndToEnd.UsageException.class).hasMessageContaining("--repetitions");
        assertThatThrownBy(() -> EndToEnd.parse("--warmup-seconds", "long")).hasMessageContaining("seconds");
        assertThatThrownBy(() -> EndToEnd.parse("--warmup-seconds", "-1")).hasMessageContaining("--warmup-seconds");
        assertThatThrownBy(() -> EndToEnd.parse("--frobnicate", "1")).hasMessage("unknown option --frobnicate");
        assertThatThrownBy(() -> EndToEnd.parse("--frobnicate")).hasMessage("unknown option --frobnicate");
        assertThatThrownBy(() -> EndToEnd.parse("256")).hasMessage("unexpected argument 256");
        assertThatThrownBy(() -> EndToEnd.parse("--sizes")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EndToEnd.parse("--help")).isInstanceOf(EndToEnd.UsageException.class)
                .hasMessage(null);
    }

    @Test
    void tableHasOneRowPerRunOrderedBySizeThenBackend() {
        List<EndToEnd.Result> results = List.of(
                new EndToEnd.Result("tensorflow", 512, 1, 3, 400, 390, 420, 780, 0, 1500, 300, 500, 2600, 100L << 20,
                        900L << 20, null),
                new EndToEnd.Result("djl", 256, 3, 10, 100, 95, 130.5, 190, 5, 700, 40, 200, 1400, 50L << 20,
                        600L << 20, null),
                EndToEnd.Result.failed("djl", 512, "java.lang.OutOfMemoryError: | boom"),
                new EndToEnd.Result("tensorflow", 256, 3, 10, 80, 78, 81, 155, -1, 1400, 350, 150, 2300, 60L << 20,
                        700L << 20, null));
        String table = EndToEnd.table(results, MACHINE, EndToEnd.parse("--sizes", "256,512"), "--sizes 256,512");

        List<String> rows = table.lines().filter(l -> l.startsWith("| 2") || l.startsWith("| 5")).toList();
        assertThat(rows).hasSize(4);
        // backends in the order they were measured (the first result's first), within each size
        assertThat(rows.get(0)).startsWith("| 256 x 256 | tensorflow | 80 |");
        assertThat(rows.get(1)).startsWith("| 256 x 256 | djl | 100 | 95 - 131 | 202 | 190 | 940 (700 + 40 + 200) "
                + "| 1,400 | 50 | 600 | 3 + 10 |");
        assertThat(rows.get(2)).startsWith("| 512 x 512 | tensorflow | 400 |");
        assertThat(rows.get(3)).startsWith("| 512 x 512 | djl | failed: java.lang.OutOfMemoryError: \\| boom |");
        assertThat(table).contains("Test CPU", "2 cores", "8.0 GiB", "JDK 17", "2026-01-01T00:00:00Z",
                "`EndToEnd --sizes 256,512`", "20.2 GFLOP at 256", "80.6 GFLOP at 512")
                .doesNotContain("busy", "JIT");
        String header = table.lines().filter(l -> l.startsWith("| image")).findFirst().orElseThrow();
        String separator = table.lines().filter(l -> l.startsWith("|---")).findFirst().orElseThrow();
        long columns = header.chars().filter(c -> c == '|').count();
        assertThat(separator.chars().filter(c -> c == '|').count()).isEqualTo(columns);
        assertThat(rows.get(1).chars().filter(c -> c == '|').count()).isEqualTo(columns);
        assertThat(rows.get(3).replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(columns);
    }

    @Test
    void rowsTimedWhileTheJitStillCompiledAreNamed() {
        // 60 ms of compiling against 10 images of 100 ms: 6 %, named; 40 ms (4 %) and unknown (-1) are not
        EndToEnd.Result compiling = new EndToEnd.Result("nd4j", 256, 3, 10, 100, 95, 130, 190, 60, 700, 40, 200,
                1400, 50L << 20, 600L << 20, null);
        EndToEnd.Result settled = new EndToEnd.Result("djl", 256, 3, 10, 100, 95, 130, 190, 40, 700, 40, 200,
                1400, 50L << 20, 600L << 20, null);
        EndToEnd.Result unknown = new EndToEnd.Result("tensorflow", 512, 1, 3, 400, 390, 420, 780, -1, 1500, 300, 500,
                2600, 100L << 20, 900L << 20, null);

        assertThat(compiling.jitShare()).isCloseTo(0.06, offset(1e-9));
        assertThat(unknown.jitShare()).isEqualTo(-1);
        String note = EndToEnd.jitNote(List.of(compiling, settled, unknown));
        assertThat(note).contains("nd4j at 256 x 256 (60 ms of compiling, 6 % of the images' time)", "--warmup-seconds")
                .doesNotContain("djl", "tensorflow");
        assertThat(EndToEnd.jitNote(List.of(settled, unknown))).isEmpty();
        assertThat(EndToEnd.table(List.of(compiling), MACHINE, EndToEnd.parse(), "")).contains(note);
    }

    @Test
    void aBusyMachineIsFlagged() {
        EndToEnd.Machine busy = new EndToEnd.Machine("Test CPU", 2, 8L << 30, "JDK 17", "Linux",
                "2026-01-01T00:00:00Z", "3.50 2.00 1.00");
        assertThat(EndToEnd.table(List.of(), busy, EndToEnd.parse(), "")).contains("busy", "not representative");
    }

    @Test
    void resultsSurviveTheTripFromTheMeasuringJvm() {
        EndToEnd.Result result = new EndToEnd.Result("djl", 256, 3, 10, 100.25, 95, 130.5, 190.5, 12.5, 700, 40, 200,
                1400, 50L << 20, 600L << 20, null);
        assertThat(EndToEnd.Result.decode(result.encode())).isEqualTo(result);
        EndToEnd.Result failed = EndToEnd.Result.failed("djl", 64, "bad\tthing\nhappened");
        assertThat(EndToEnd.Result.decode(failed.encode()).error()).isEqualTo("bad thing happened");
    }

    @Test
    void theSectionBetweenTheMarkersIsReplacedAndTheRestKept(@TempDir Path folder) throws Exception {
        Path doc = folder.resolve("benchmarks.md");
        String before = "# Benchmarks\n\nintro\n\n" + EndToEnd.BEGIN + "\nold table\n" + EndToEnd.END + "\n\nafter\n";
        Files.writeString(doc, before);
        EndToEnd.write(doc, "| new | table |\n");
        String after = Files.readString(doc, StandardCharsets.UTF_8);
        assertThat(after).isEqualTo("# Benchmarks\n\nintro\n\n" + EndToEnd.BEGIN + "\n| new | table |\n"
                + EndToEnd.END + "\n\nafter\n");
        EndToEnd.write(doc, "| newer |");
        assertThat(Files.readString(doc)).contains("| newer |\n" + EndToEnd.END).doesNotContain("new | table");
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(doc);
        }

        Path plain = folder.resolve("plain.md");
        Files.writeString(plain, "no markers\n");
        assertThatThrownBy(() -> EndToEnd.write(plain, "x")).hasMessageContaining("end-to-end:begin");
        assertThat(Files.readString(plain)).isEqualTo("no markers\n");
        assertThatThrownBy(() -> EndToEnd.write(folder.resolve("missing.md"), "x"))
                .hasMessageContaining("does not exist");
    }

    /** One tiny size on one backend, in its own JVM as the command runs it. */
    @Test
    void runsOneTinySizeInAFreshJvm() throws Exception {
        List<String> available = ListBackends.available(Backends.discover());
        assertThat(available).isNotEmpty();
        String backend = available.contains("djl") ? "djl" : available.get(0);
        EndToEnd.Options options = EndToEnd.parse("--sizes", "32", "--backends", backend, "--repetitions", "2",
                "--warmup", "1", "--warmup-seconds", "0.2", "--no-write", "--timeout-minutes", "2");
        EndToEnd.Result result = EndToEnd.fork(backend, 32, options);
        assertThat(result.error()).isNull();
        assertThat(result.backend()).isEqualTo(backend);
        assertThat(result.runs()).isEqualTo(2);
        assertThat(result.warmup()).as("one image, and more until 0.2 s have passed").isPositive();
        assertThat(result.medianMs()).isPositive();
        assertThat(result.minMs()).isLessThanOrEqualTo(result.medianMs());
        assertThat(result.firstCallMs()).isPositive();
        assertThat(result.jvmStartToFirstImageMs()).isGreaterThanOrEqualTo(result.firstCallMs());
        assertThat(result.cpuMs()).isPositive();
        assertThat(result.peakHeap()).isPositive();
        assertThat(result.peakRss()).isGreaterThan(result.peakHeap() / 4);

        String table = EndToEnd.table(List.of(result), MACHINE, options, "");
        assertThat(table).contains("| 32 x 32 | " + backend + " |");
    }

    @Test
    void anUnknownBackendIsAFailedRowNotACrash() {
        EndToEnd.Result result = EndToEnd.measureSafely("no-such-engine", 32, EndToEnd.parse("--sizes", "32"));
        assertThat(result.error()).contains("no-such-engine");
    }
}
