package io.pastiche.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar as {@code spark-submit} runs it: {@code target/pastiche-spark-job.jar} on a class path of Spark's own
 * jars and nothing else, so that pastiche, its default model and the TensorFlow backend (found through the merged
 * service files) must all come from the jar. Its pictures are byte for byte those of the job run from the module.
 */
class JobJarIT {

    @Test
    void theJobJarCarriesPasticheItsModelAndABackend(@TempDir Path work) throws Exception {
        Path photos = work.resolve("photos");
        Pictures.write(photos);
        Path reference = work.resolve("reference");
        assertThat(JobRuns.run("--input", photos.toString(), "--output", reference.toString(), "--style",
                "the_scream", "--master", "local[1]").exit()).isZero();

        Path jar = Path.of(System.getProperty("pastiche.jobJar"));
        String spark = Files.readString(Path.of(System.getProperty("pastiche.sparkClasspath"))).trim();
        assertThat(spark).doesNotContain("pastiche-core", "tensorflow");
        Path out = work.resolve("out");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("pastiche.sparkJvmFlags").trim().split("\\s+")));
        command.addAll(List.of("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")), "-cp",
                jar + ":" + spark, "io.pastiche.spark.StylizeJob", "--input", photos.toString(), "--output",
                out.toString(), "--style", "the_scream", "--master", "local[1]"));
        Path log = work.resolve("job.log");
        Process job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(job.waitFor(5, TimeUnit.MINUTES)).as("the job ends").isTrue();
        assertThat(job.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("stylized 4, skipped 0 (done before), failed 1");

        Map<String, byte[]> expected = JobRuns.images(reference);
        assertThat(expected).hasSize(4);
        JobRuns.assertSameFiles(JobRuns.images(out), expected);
    }
}
