package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.norm.ConditionalInstanceNorm;
import io.pastiche.train.Checkpoint;
import io.pastiche.train.TrainingListener;
import io.pastiche.train.TrainingProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train} and {@code add-style} end to end on the engine on the class path (DJL): tiny runs (alpha 0.125,
 * 32-pixel crops, 2 photos a step, a VGG-19 file holding only the layers to relu2_1) of a few steps, checking
 * what the commands write, that a stopped or finished run resumes onto exactly the model of a run never
 * stopped, and that {@code add-style} leaves the base model's bits alone.
 */
class TrainEndToEndTest {

    @TempDir
    static Path shared;

    static TrainingFiles files;

    @TempDir
    Path dir;

    @BeforeAll
    static void inputs() throws IOException {
        files = TrainingFiles.in(shared);
    }

    private static Cli.Result ok(List<Object> args) {
        return expect(0, Cli.run(args.toArray()));
    }

    private static Cli.Result expect(int exitCode, Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ").doesNotContain("error:");
        return result;
    }

    private static Cli.Result failure(List<Object> args) {
        Cli.Result result = Cli.run(args.toArray());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).contains("error: ").doesNotContain("\tat ")
                .doesNotContain("Exception");
        return result;
    }

    private static void assertSameBits(Model actual, Model expected) {
        assertThat(actual.spec()).isEqualTo(expected.spec());
        assertThat(actual.styles()).isEqualTo(expected.styles());
        for (int i = 0; i < expected.spec().convolutions().size(); i++) {
            assertThat(actual.weight(i)).as("convolution %d", i).containsExactly(expected.weight(i));
            ConditionalInstanceNorm a = actual.cin().layers().get(i);
            ConditionalInstanceNorm e = expected.cin().layers().get(i);
            assertThat(a.gammaTable()).as("gamma %d", i).containsExactly(e.gammaTable());
            assertThat(a.betaTable()).as("beta %d", i).containsExactly(e.betaTable());
        }
    }

    /** A 5-step run never stopped, to compare resumed runs with. */
    private Model straightFiveSteps() throws IOException {
        Path model = dir.resolve("straight/model.safetensors");
        ok(files.args("train", "--steps", 5, "-o", model));
        return ModelFile.read(model);
    }

    @Test
    void trainsThreeStepsThenResumesToFiveOntoTheModelOfARunNeverStopped() throws IOException {
        Path model = dir.resolve("styles.safetensors");
        Path checkpoint = dir.resolve("styles.ckpt");
        // What a write killed with kill -9 leaves: removed by the next run once stale, not while it may be live.
        Path stale = Files.writeString(dir.resolve(".styles.ckpt.pastiche-0123456789abcdef.tmp"), "old");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(dir.resolve(".styles.ckpt.pastiche-fedcba9876543210.tmp"), "new");
        Cli.Result first = ok(files.args("train", "--steps", 3, "-o", model));
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(first.out()).contains("wrote " + model, "2 styles (starry_night, the_scream)", "alpha 0.125",
                "trained to step 3", "--resume");
        assertThat(first.err()).contains("training 2 styles", "on 3 photos", "checkpoint: " + checkpoint,
                "step 3/3: mean loss", "img/s");
        Model three = ModelFile.read(model);
        assertThat(three.styles()).extracting(Style::name).containsExactly("starry_night", "the_scream");
        assertThat(three.alpha()).isEqualTo(0.125);
        assertSameBits(Checkpoint.model(checkpoint), three);
        Model untrained = Model.untrained(three.spec(), 0.125, List.of("starry_night", "the_scream"), 1);
        assertThat(three.weight(0)).isNotEqualTo(untrained.weight(0));

        // Finished, the output exists: continuing needs --force for it, and --resume for the checkpoint.
        failure(files.args("train", "--steps", 5, "-o", model, "--resume"));
        Cli.Result resumed = ok(files.args("train", "--steps", 5, "-o", model, "--resume", "--force"));
        assertThat(resumed.out()).contains("trained to step 5");
        assertThat(resumed.err()).contains("resuming " + checkpoint, "5/5");
        assertSameBits(ModelFile.read(model), straightFiveSteps());
    }

    @Test
    void ctrlCStopsAfterTheStepInProgressWithACheckpointAndResumeContinues() throws IOException,
            InterruptedException {
        Path model = dir.resolve("run/styles.safetensors");
        Path checkpoint = dir.resolve("run/styles.ckpt");
        Path samples = dir.resolve("sheets");
        AtomicReference<Thread> hook = new AtomicReference<>();
        // At step 2 the JVM's shutdown hook runs, on its own thread, as on Ctrl-C; this step ends once it has
        // asked the run to stop, and the hook keeps waiting until the run has said where it stopped.
        CommandLine.IFactory ctrlCAtStepTwo = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type != TrainCommand.class) {
                    return CommandLine.defaultFactory().create(type);
                }
                return type.cast(new TrainCommand(stop -> new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress progress) {
                        if (progress.step() == 2) {
                            Thread thread = new Thread(stop::interrupted, "test-ctrl-c");
                            hook.set(thread);
                            thread.start();
                            while (!stop.requested()) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                }));
            }
        };
        List<Object> args = files.args("train", "--steps", 5, "-o", model, "--sample-every", 2, "--samples",
                samples);
        Cli.Result stopped = expect(TrainingRun.STOPPED, Cli.run(ctrlCAtStepTwo, args.toArray()));
        assertThat(stopped.err()).contains("stopping after the current step",
                "stopped at step 2 of 5; resume with --resume", checkpoint.toString());
        assertThat(stopped.out()).isEmpty();
        assertThat(hook.get()).isNotNull();
        hook.get().join(TimeUnit.SECONDS.toMillis(30));
        assertThat(hook.get().isAlive()).as("the hook returns once the run has stopped").isFalse();
        assertThat(model).doesNotExist();
        assertThat(checkpoint).isRegularFile();
        assertThat(samples.resolve("step-0000002.png")).isRegularFile();

        List<Object> resume = new ArrayList<>(args);
        resume.add("--resume");
        Cli.Result resumed = ok(resume);
        assertThat(resumed.out()).contains("trained to step 5");
        assertThat(samples.resolve("step-0000004.png")).isRegularFile();
        assertSameBits(ModelFile.read(model), straightFiveSteps());
    }

    @Test
    void resumingWithOtherSettingsIsRefused() throws IOException {
        Path model = dir.resolve("m.safetensors");
        ok(files.args("train", "--steps", 2, "-o", model));
        List<Object> resume = files.args("train", "--steps", 4, "-o", model, "--resume", "--force");
        List<Object> otherRate = new ArrayList<>(resume);
        otherRate.addAll(List.of("--lr", "0.01"));
        assertThat(failure(otherRate).err()).contains("m.ckpt", "other settings", "lr=0.01", "lr=0.001");
        List<Object> otherAlpha = new ArrayList<>(resume);
        otherAlpha.set(otherAlpha.indexOf("0.125"), "0.25");
        assertThat(failure(otherAlpha).err()).contains("m.ckpt", "another run", "alpha 0.125", "alpha 0.25");
        List<Object> otherNames = new ArrayList<>(resume);
        otherNames.addAll(List.of("--names", "wave,scream"));
        assertThat(failure(otherNames).err()).contains("another run", "starry_night, the_scream", "wave, scream");
    }

    @Test
    void aLossThatExplodesStopsTheRunWithTheTrainersMessage() {
        Cli.Result result = failure(files.args("train", "--steps", 20, "-o", dir.resolve("m.safetensors"),
                "--lr", 50, "--explosion-factor", 1.0001, "--checkpoint-every", 1));
        assertThat(result.err()).contains("training stopped at step", "Lower the learning rate");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void addStyleTrainsOnlyTheNewStylesAndKeepsTheBaseBitForBit() throws IOException {
        Path base = dir.resolve("base.safetensors");
        ok(files.args("train", "--steps", 2, "-o", base));
        Model before = ModelFile.read(base);
        Path painting = TrainingFiles.image(dir.resolve("great wave.png"), 56, 36, 9);
        Path info = Files.writeString(dir.resolve("paintings.txt"), """
                # name, painter, source
                great_wave, Katsushika Hokusai, The Great Wave off Kanagawa (c. 1831), woodblock print
                starry_night, Vincent van Gogh, not in this run
                """);
        Path grown = dir.resolve("grown.safetensors");
        Cli.Result result = ok(TrainingFiles.withDefaults(List.of("add-style", "-m", base, "--styles", painting,
                "--style-info", info, "--photos", files.photos, "--vgg", files.vgg, "--steps", 3, "-o", grown), false));
        assertThat(result.err()).contains("adding 1 style (great_wave) to the 2 of " + base);
        assertThat(result.out()).contains("3 styles (starry_night, the_scream, great_wave)", "trained to step 3");

        Model after = ModelFile.read(grown);
        assertThat(after.styles()).containsExactly(before.styles().get(0), before.styles().get(1),
                new Style(2, "great_wave", "Katsushika Hokusai",
                        "The Great Wave off Kanagawa (c. 1831), woodblock print"));
        assertThat(after.spec()).isEqualTo(before.spec());
        boolean trained = false;
        for (int i = 0; i < before.spec().convolutions().size(); i++) {
            assertThat(after.weight(i)).as("convolution %d", i).containsExactly(before.weight(i));
            ConditionalInstanceNorm old = before.cin().layers().get(i);
            ConditionalInstanceNorm now = after.cin().layers().get(i);
            for (int style = 0; style < 2; style++) {
                assertThat(now.gamma(style)).as("gamma %d of style %d", i, style).containsExactly(old.gamma(style));
                assertThat(now.beta(style)).as("beta %d of style %d", i, style).containsExactly(old.beta(style));
            }
            for (float beta : now.beta(2)) {
                trained |= beta != 0;
            }
        }
        assertThat(trained).as("the new style's beta moved from 0").isTrue();
        assertThat(Cli.run("styles", "-m", grown).out()).contains("2  great_wave    Katsushika Hokusai");
    }

    @Test
    void addStyleReplaceRetrainsAStyleAtTheEndAndKeepsTheRest() throws IOException {
        Path base = dir.resolve("base.safetensors");
        ok(files.args("train", "--steps", 2, "-o", base));
        Model before = ModelFile.read(base);
        Path retrained = dir.resolve("retrained.safetensors");
        ok(TrainingFiles.withDefaults(List.of("add-style", "-m", base, "--styles",
                files.paintings.resolve("starry_night.png"), "--replace", "--style-weight", "1e-5", "--photos",
                files.photos, "--vgg", files.vgg, "--steps", 2, "-o", retrained), false));

        Model after = ModelFile.read(retrained);
        assertThat(after.styles()).extracting(Style::name).containsExactly("the_scream", "starry_night");
        for (int i = 0; i < before.spec().convolutions().size(); i++) {
            assertThat(after.weight(i)).as("convolution %d", i).containsExactly(before.weight(i));
            assertThat(after.cin().layers().get(i).gamma(0)).containsExactly(before.cin().layers().get(i).gamma(1));
            assertThat(after.cin().layers().get(i).beta(0)).containsExactly(before.cin().layers().get(i).beta(1));
        }
    }

    @Test
    void f16WritesHalfPrecision() throws IOException {
        Path model = dir.resolve("half.safetensors");
        ok(files.args("train", "--steps", 1, "-o", model, "--f16"));
        String header;
        try (InputStream in = Files.newInputStream(model)) {
            header = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        }
        assertThat(header).contains("\"F16\"").doesNotContain("\"F32\"");
        assertThat(ModelFile.read(model).styles()).hasSize(2);
    }
}
