package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.lossnet.VggSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} and {@code add-style} refuse what they cannot use before any training starts: exit code 1, a
 * message naming the file or option and what to do, no stack trace. None of these runs reaches the engine.
 */
class TrainErrorTest {

    @TempDir
    static Path shared;

    static TrainingFiles files;

    @TempDir
    Path dir;

    @BeforeAll
    static void inputs() throws IOException {
        files = TrainingFiles.in(shared);
    }

    private static Cli.Result failure(List<Object> args) {
        Cli.Result result = Cli.run(args.toArray());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).startsWith("error: ").doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(result.out()).as(result.toString()).isEmpty();
        return result;
    }

    private static List<Object> with(List<Object> args, Object... more) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    /** A train command line with the given paintings, photos and VGG file. */
    private List<Object> train(Object paintings, Object photos, Object vgg, Object... more) {
        List<Object> args = new ArrayList<>(List.of("train", "--styles", paintings, "--photos", photos, "--vgg", vgg,
                "-o", dir.resolve("model.safetensors")));
        args.addAll(List.of(more));
        return TrainingFiles.withDefaults(args, true);
    }

    @Test
    void missingPaintingsPhotosOrVgg() {
        Path nowhere = dir.resolve("nowhere");
        assertThat(failure(train(nowhere, files.photos, files.vgg)).err())
                .isEqualTo("error: no such file: " + nowhere + System.lineSeparator());
        assertThat(failure(train(files.paintings, nowhere, files.vgg)).err()).contains("no such file: " + nowhere);
        assertThat(failure(train(files.paintings, files.photos, nowhere)).err()).contains("no such file: " + nowhere);
        assertThat(failure(train(files.paintings, files.photos, dir)).err()).contains("is a folder");
    }

    @Test
    void aFolderWithoutImages() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not an image");
        assertThat(failure(train(files.paintings, empty, files.vgg)).err()).contains("no images", "empty");
    }

    @Test
    void unreadableImagesAreAllNamed() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        TrainingFiles.image(photos.resolve("good.png"), 40, 40, 1);
        Files.writeString(photos.resolve("bad1.jpg"), "text, not a JPEG");
        Files.writeString(photos.resolve("bad2.png"), "text, not a PNG");
        String err = failure(train(files.paintings, photos, files.vgg)).err();
        assertThat(err).contains("2 of the 3 photos cannot be read", "bad1.jpg", "bad2.png").doesNotContain("good");

        Path painting = Files.writeString(dir.resolve("monet.jpg"), "not a painting");
        assertThat(failure(train(painting, files.photos, files.vgg)).err())
                .contains("cannot read the painting " + painting);
    }

    @Test
    void aVggFileWithoutTheLayersTheLossesNeed() {
        // The default losses go to relu4_1; the file stops at relu2_1.
        List<Object> args = new ArrayList<>(List.of("train", "--styles", files.paintings, "--photos", files.photos,
                "--vgg", files.vgg, "-o", dir.resolve("m.safetensors")));
        args.addAll(TrainingFiles.SMALL);
        assertThat(failure(args).err()).contains(files.vgg.toString(), "features.7.weight", "conv2_2");
        // VGG-16 reads features.17 as conv4_1; in a VGG-19 file it does not exist (and here nothing past 5 does).
        assertThat(failure(with(args, "--vgg-arch", "vgg16")).err()).contains("features.", "vgg16");
    }

    @Test
    void aVggFileOfTheWrongShape() throws IOException {
        Path small = dir.resolve("small-vgg.safetensors");
        TrainingFiles.writeVgg(small, VggSpec.of("vgg19", new int[] {2, 2, 4, 4, 4}, new int[] {8, 16, 32, 64, 64}),
                3);
        assertThat(failure(train(files.paintings, files.photos, small)).err())
                .contains("features.0.weight", "shape", "[64, 3, 3, 3]");
        Path text = Files.writeString(dir.resolve("text.safetensors"), "definitely not a safetensors file");
        assertThat(failure(train(files.paintings, files.photos, text)).err()).contains(text.toString());
    }

    @Test
    void anUnknownLayerListsTheKnownOnes() {
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--content-layer", "relu9_9")).err())
                .contains("relu9_9", "relu1_1", "relu5_4");
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--vgg-arch", "vgg16",
                "--style-layers", "relu1_1,relu3_4")).err()).contains("vgg16", "relu3_4", "relu5_3")
                .doesNotContain("relu5_4");
    }

    @Test
    void anExistingCheckpointNeedsResume() throws IOException {
        Files.writeString(dir.resolve("model.ckpt"), "an earlier run's");
        assertThat(failure(train(files.paintings, files.photos, files.vgg)).err())
                .contains("model.ckpt exists", "--resume");
        Path other = dir.resolve("elsewhere.ckpt");
        Files.writeString(other, "an earlier run's");
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--checkpoint", other)).err())
                .contains("elsewhere.ckpt exists");
    }

    @Test
    void resumeNeedsACheckpoint() {
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--resume")).err())
                .contains("no checkpoint", "model.ckpt");
    }

    @Test
    void resumeFromAFileThatIsNoCheckpoint() throws IOException {
        Cli.Result created = Cli.run("create", "--styles", "a", "--alpha", "0.125", "-o", dir.resolve("model.ckpt"));
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--resume")).err())
                .contains("model.ckpt", "checkpoint");
    }

    @Test
    void theOutputExistsOrIsAFolder() throws IOException {
        Files.writeString(dir.resolve("model.safetensors"), "a model");
        assertThat(failure(train(files.paintings, files.photos, files.vgg)).err()).contains("exists", "--force");
        List<Object> args = train(files.paintings, files.photos, files.vgg);
        args.set(args.indexOf("-o") + 1, dir);
        assertThat(failure(args).err()).contains("is a folder");
    }

    @Test
    void unknownBackend() {
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--backend", "abacus")).err())
                .contains("abacus", "djl");
    }

    @Test
    void styleNamesFromFilesMustBeUsable() throws IOException {
        Path paintings = Files.createDirectories(dir.resolve("numbered"));
        TrainingFiles.image(paintings.resolve("1.png"), 40, 40, 1);
        TrainingFiles.image(paintings.resolve("2.png"), 40, 40, 2);
        assertThat(failure(train(paintings, files.photos, files.vgg)).err()).contains("1.png", "number", "--names");
        Path same = Files.createDirectories(dir.resolve("same"));
        TrainingFiles.image(same.resolve("monet.png"), 40, 40, 1);
        TrainingFiles.image(same.resolve("monet.jpg"), 40, 40, 2);
        assertThat(failure(train(same, files.photos, files.vgg)).err()).contains("monet.jpg", "monet.png", "--names");
    }

    @Test
    void styleInfo() throws IOException {
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--style-info", dir.resolve("no.txt")))
                .err()).contains("no such file", "no.txt");
        Path twice = Files.writeString(dir.resolve("twice.txt"), "starry_night, Van Gogh\n\nstarry_night, V.\n");
        assertThat(failure(train(files.paintings, files.photos, files.vgg, "--style-info", twice)).err())
                .contains("twice.txt line 3", "twice");
    }

    @Test
    void addStyleNeedsABaseModelAndNewNames() throws IOException {
        Path base = dir.resolve("base.safetensors");
        Cli.Result created = Cli.run("create", "--styles", "starry_night,monet", "--alpha", "0.125", "-o", base);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        List<Object> args = files.args("add-style", "-o", dir.resolve("grown.safetensors"));
        assertThat(failure(with(args, "-m", dir.resolve("none.safetensors"))).err())
                .contains("no such file", "none.safetensors");
        assertThat(failure(with(args, "-m", base)).err())
                .contains("already has a style 'starry_night'", "--names");
    }
}
