package io.pastiche.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** The job run in this JVM for the tests, and what a run leaves in its output folder. */
final class JobRuns {

    /** How a run ended, and what it printed. */
    record Result(int exit, String out, String err) {
    }

    private JobRuns() {
    }

    /** Runs the job in this JVM, as its {@code main} would without the exit. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = StylizeJob.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The pictures under OUTPUT/images, by their path there; none if the folder is not there yet. */
    static Map<String, byte[]> images(Path output) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Path images = output.resolve(OutputFiles.IMAGES);
        if (!Files.isDirectory(images)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(images)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(images.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** How many files are under OUTPUT/images now (a run may be writing them). */
    static long imageCount(Path output) {
        Path images = output.resolve(OutputFiles.IMAGES);
        if (!Files.isDirectory(images)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(images)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a file renamed while listed: counted at the next look
        }
    }

    /** The rows of OUTPUT/manifest. */
    static List<Row> manifest(Path output) {
        SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
        try {
            return spark.read().parquet(output.resolve("manifest").toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    /** The same file names, and each file the same bytes. */
    static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }
}
