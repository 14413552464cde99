package io.pastiche.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job killed outright (SIGKILL: no shutdown hook, no cleanup, a task cut off wherever it was) in the middle of a
 * run, in a JVM of its own, then resumed: no partial picture is ever under {@code images/}, and the resumed run ends
 * with the files of a run never interrupted, byte for byte, and a manifest of every image.
 */
class KilledJobTest {

    /** One task per image, in local[1]: a picture every half second or so, after the first. */
    private static final int IMAGES = 12;
    /** How many pictures the run has written when it is killed. */
    private static final int KILLED_AFTER = 3;

    @TempDir
    Path work;

    @Test
    void aRunKilledMidwayAndResumedEndsWithTheFilesOfACleanRun() throws Exception {
        Path photos = work.resolve("photos");
        List<Path> sources = Pictures.write(photos, IMAGES, 384, 384);
        Path out = work.resolve("killed");
        runAndKill(photos, out);
        Map<String, byte[]> left = JobRuns.images(out);

        Path cleanOut = work.resolve("clean");
        JobRuns.Result cleanRun = JobRuns.run(args(photos, cleanOut));
        assertThat(cleanRun.exit()).as(cleanRun.err()).isZero();
        Map<String, byte[]> clean = JobRuns.images(cleanOut);
        assertThat(clean).hasSize(IMAGES);

        // killed midway: some pictures written, not all
        assertThat(left.size()).isBetween(KILLED_AFTER, IMAGES - 1);
        // and each one under images/ whole, the clean run's bytes (a partial one lies under _attempts, if any)
        assertThat(clean.keySet()).containsAll(left.keySet());
        left.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(clean.get(name)));

        JobRuns.Result resumed = JobRuns.run(append(args(photos, out), "--resume"));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        // what the killed run committed is not done again; the rest is
        assertThat(resumed.out()).contains("stylized " + (IMAGES - left.size()) + ", skipped " + left.size()
                + " (done before), failed 0");
        JobRuns.assertSameFiles(JobRuns.images(out), clean);
        assertThat(out.resolve(OutputFiles.ATTEMPTS)).doesNotExist();
        // one row per image (the killed run's half-written manifest replaced, not added to)
        List<Row> manifest = JobRuns.manifest(out);
        assertThat(manifest.stream().map(r -> r.getString(0)).toList()).containsExactlyInAnyOrderElementsOf(
                sources.stream().map(p -> new org.apache.hadoop.fs.Path(p.toUri()).toString()).toList());
        assertThat(manifest.stream().map(r -> r.getString(1)).collect(Collectors.toSet())).hasSize(IMAGES);
        assertThat(manifest).allSatisfy(r -> assertThat(r.isNullAt(4)).as(r.toString()).isTrue());
    }

    /** Runs the job in a child JVM, and kills it (SIGKILL) once it has written a few pictures. */
    private void runAndKill(Path photos, Path out) throws IOException, InterruptedException {
        // its temporary files (Spark's folders, the natives lz4 and snappy unpack) in the test's folder: a killed
        // JVM deletes none of them
        List<String> command = StandaloneCluster.javaCommand(
                List.of("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp"))),
                StylizeJob.class.getName(), List.of(args(photos, out)));
        Path log = work.resolve("job.log");
        Process job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (JobRuns.imageCount(out) < KILLED_AFTER) {
                if (!job.isAlive()) {
                    fail("the job ended (exit " + job.exitValue() + ") before it was killed:\n" + read(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("the job wrote no " + KILLED_AFTER + " pictures in 120 s:\n" + read(log));
                }
                Thread.sleep(20);
            }
            job.destroyForcibly();
            assertThat(job.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(job.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        } finally {
            if (job.isAlive()) { // the test failed first
                job.destroyForcibly();
                job.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** One task per image in local[1]: the run writes one picture at a time. */
    private static String[] args(Path photos, Path out) {
        return new String[] {"--input", photos.toString(), "--output", out.toString(), "--style", "the_scream",
                "--master", "local[1]", "--partitions", String.valueOf(IMAGES)};
    }

    private static String[] append(String[] args, String arg) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = arg;
        return all;
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
