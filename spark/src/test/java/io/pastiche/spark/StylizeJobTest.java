package io.pastiche.spark;

import static io.pastiche.spark.JobRuns.assertSameFiles;
import static io.pastiche.spark.JobRuns.images;
import static io.pastiche.spark.JobRuns.manifest;
import static io.pastiche.spark.JobRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.spark.JobRuns.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job embedded in local mode, as the README's example runs it: outputs, manifest, refusals, retries, resume. */
class StylizeJobTest {

    @TempDir
    static Path work;
    private static Path photos;
    private static List<Path> good;
    private static Map<String, byte[]> clean;

    @BeforeAll
    static void cleanRun() throws IOException {
        photos = work.resolve("photos");
        good = Pictures.write(photos);
        Path out = work.resolve("clean");
        assertThat(run("--input", photos.toString(), "--output", out.toString(), "--style", "the_scream")
                .exit()).isZero();
        clean = images(out);
    }

    @Test
    void everyImageIsStylizedOnceUnderItsNameAndTheManifestSaysSo() throws IOException {
        assertThat(clean.keySet()).containsExactly("a_the_scream.png", "b_the_scream.png", "c_the_scream.png",
                "trip/d_the_scream.png");
        try (StyleNetwork network = StyleNetwork.loadDefault()) {
            int scream = network.style("the_scream").index();
            byte[] expected = ImageFiles.encode(network.stylize(ImageFiles.read(good.get(3)), StyleMix.of(scream)),
                    "png");
            assertThat(clean.get("trip/d_the_scream.png")).isEqualTo(expected);
        }
        List<Row> manifest = manifest(work.resolve("clean"));
        assertThat(manifest).hasSize(5);
        Row broken = manifest.stream().filter(r -> r.getString(0).endsWith(Pictures.BROKEN)).findFirst()
                .orElseThrow();
        assertThat(broken.isNullAt(1)).isTrue();
        assertThat(broken.getString(4)).contains("not an image");
        assertThat(manifest.stream().filter(r -> r.isNullAt(4)).map(r -> r.getString(2)))
                .containsOnly("the_scream").hasSize(4);
        try (Stream<Path> left = Files.list(work.resolve("clean"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images", "manifest");
        }
    }

    @Test
    void aTaskThatFailsItsFirstAttemptIsRetriedAndWritesTheSameFiles() throws IOException {
        // the injected failure is real: without retries (local mode's default) the job fails
        Result unretried = run("--input", photos.toString(), "--output", work.resolve("unretried").toString(),
                "--style", "the_scream", "--master", "local[2]", "--fail-first-attempt-of", "b.png");
        assertThat(unretried.exit()).isNotZero();
        assertThat(unretried.err()).contains("injected failure of the first attempt");

        Path out = work.resolve("retried");
        Result run = run("--input", photos.toString(), "--output", out.toString(), "--style", "the_scream",
                "--master", "local[2,2]", "--fail-first-attempt-of", "b.png");
        assertThat(run.exit()).as(run.err()).isZero();
        assertSameFiles(images(out), clean);
    }

    @Test
    void anInterruptedRunResumedEndsWithTheFilesOfAnUninterruptedOne() throws IOException {
        Path out = work.resolve("resumed");
        assertThat(run("--input", photos.toString(), "--output", out.toString(), "--style", "the_scream").exit())
                .isZero();
        // as a killed run leaves it: two pictures not yet written, one half-written under _attempts
        Files.delete(out.resolve("images/b_the_scream.png"));
        Files.delete(out.resolve("images/trip/d_the_scream.png"));
        Files.createDirectories(out.resolve("_attempts"));
        Files.write(out.resolve("_attempts/x-b_the_scream.png"), new byte[] {(byte) 0x89, 'P', 'N'});

        Result again = run("--input", photos.toString(), "--output", out.toString(), "--style", "the_scream");
        assertThat(again.exit()).as("without --resume").isEqualTo(2);
        assertThat(again.err()).contains("has a previous run: --resume continues it");

        Result resumed = run("--input", photos.toString(), "--output", out.toString(), "--style", "the_scream",
                "--resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("stylized 2, skipped 2 (done before), failed 1");
        assertSameFiles(images(out), clean);
        assertThat(out.resolve("_attempts")).doesNotExist();
        assertThat(manifest(out)).hasSize(5);
    }

    @Test
    void aStyleTheModelLacksIsRefusedBeforeAnyTask() {
        Result run = run("--input", photos.toString(), "--output", work.resolve("none").toString(), "--style",
                "picasso");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no style 'picasso'", "the_scream");
    }
}
