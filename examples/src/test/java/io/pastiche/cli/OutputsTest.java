package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {

    @TempDir
    Path dir;

    @Test
    void namesOutputsAfterTheInputAndTheStyleInPngByDefault() {
        Outputs outputs = Outputs.of(dir.resolve("out").toString(), null, false);
        assertThat(outputs.isFile()).isFalse();
        assertThat(outputs.plan(List.of(Path.of("a/tubingen.jpg"), Path.of("b/parrots.PNG")), "starry_night", false))
                .containsValues(dir.resolve("out/tubingen_starry_night.png"), dir.resolve("out/parrots_starry_night.png"));
    }

    @Test
    void formatOptionSetsTheExtensionInAFolder() {
        Outputs outputs = Outputs.of(dir + "/", Outputs.Format.jpg, true);
        assertThat(outputs.plan(List.of(Path.of("x.png")), "s", false)).containsValue(dir.resolve("x_s.jpg"));
    }

    @Test
    void anImageExtensionMeansAFileUnlessItIsAnExistingFolder() throws Exception {
        assertThat(Outputs.of(dir.resolve("result.jpg").toString(), null, true).isFile()).isTrue();
        Files.createDirectory(dir.resolve("odd.png"));
        assertThat(Outputs.of(dir.resolve("odd.png").toString(), null, true).isFile()).isFalse();
        assertThat(Outputs.of(dir.resolve("v1.2").toString(), null, true).isFile()).isFalse();
    }

    @Test
    void aFileTakesOneInputAndItsExtensionSetsTheFormat() {
        assertThatThrownBy(() -> Outputs.of("out.png", null, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("folder");
        assertThatThrownBy(() -> Outputs.of("out.png", Outputs.Format.jpg, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradicts");
        assertThat(Outputs.of("out.jpeg", Outputs.Format.jpg, true).isFile()).isTrue();
    }

    @Test
    void refusesTwoInputsWritingOneFileAndOverwritingAnInput() {
        Outputs outputs = Outputs.of(dir.toString(), null, false);
        assertThatThrownBy(() -> outputs.plan(List.of(Path.of("a/x.jpg"), Path.of("b/x.png")), "s", true))
                .isInstanceOf(CliException.class).hasMessageContaining("would both be written to");
        Path input = dir.resolve("x.png");
        assertThatThrownBy(() -> Outputs.of(input.toString(), null, true).plan(List.of(input), "s", true))
                .isInstanceOf(CliException.class).hasMessageContaining("overwrite the input");
    }

    @Test
    void neverOverwritesAnyInputEvenWithForce() throws Exception {
        // The hostile case: photos/a.jpg's pastiche would replace the user's own photos/a_great_wave.png.
        Path a = Files.writeString(dir.resolve("a.jpg"), "photo");
        Path mine = Files.writeString(dir.resolve("a_great_wave.png"), "the user's own");
        Outputs outputs = Outputs.of(dir + "/", null, false);
        assertThatThrownBy(() -> outputs.plan(List.of(a, mine), "great_wave", true))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(a.toString()).hasMessageContaining(mine.toString())
                .hasMessageContaining("input");
    }

    @Test
    void anInputIsRecognisedThroughASymbolicLinkToItsFolder() throws Exception {
        Path photos = Files.createDirectory(dir.resolve("photos"));
        Path a = Files.writeString(photos.resolve("a.jpg"), "photo");
        Path mine = Files.writeString(photos.resolve("a_s.png"), "the user's own");
        Path link = Files.createSymbolicLink(dir.resolve("link"), photos);
        assertThatThrownBy(() -> Outputs.of(link + "/", null, false).plan(List.of(a, mine), "s", true))
                .isInstanceOf(CliException.class).hasMessageContaining(mine.toString());
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws Exception {
        Path existing = Files.writeString(dir.resolve("x_s.png"), "an earlier pastiche");
        Outputs outputs = Outputs.of(dir + "/", null, false);
        List<Path> inputs = List.of(Path.of("in/x.jpg"), Path.of("in/y.jpg"));
        assertThatThrownBy(() -> outputs.plan(inputs, "s", false)).isInstanceOf(CliException.class)
                .hasMessageContaining(existing.toString()).hasMessageContaining("--force")
                .hasMessageNotContaining("y_s.png");
        assertThat(outputs.plan(inputs, "s", true)).containsValues(existing, dir.resolve("y_s.png"));

        Path file = Files.writeString(dir.resolve("one.jpg"), "an earlier pastiche");
        assertThatThrownBy(() -> Outputs.of(file.toString(), null, true).plan(List.of(Path.of("x.png")), "s",
                false)).isInstanceOf(CliException.class).hasMessageContaining("--force");
    }

    @Test
    void aFolderWhereAnOutputGoesIsRefusedEvenWithForce() throws Exception {
        Files.createDirectory(dir.resolve("x_s.png"));
        assertThatThrownBy(() -> Outputs.of(dir + "/", null, false).plan(List.of(Path.of("x.jpg")), "s", true))
                .isInstanceOf(CliException.class).hasMessageContaining("x_s.png").hasMessageContaining("folder");
    }

    @Test
    void anImageExtensionPasticheCannotWriteIsRefusedNotMadeAFolder() {
        for (String name : List.of("out.webp", "out.GIF", "a/out.tiff", "out.heic", "out.avif")) {
            assertThatThrownBy(() -> Outputs.of(dir.resolve(name).toString(), null, true)).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name).hasMessageContaining(".png").hasMessageContaining(".jpg");
        }
        assertThat(Outputs.of(dir.resolve("out.webp") + "/", null, true).isFile()).isFalse();
        assertThat(Outputs.of(dir.resolve("out.bmp").toString(), null, true).isFile()).isTrue();
    }

    @Test
    void aNameOver255BytesIsRefusedBeforeAnyWork() {
        String long300 = "x".repeat(300);
        assertThatThrownBy(() -> Outputs.of(dir.resolve(long300) + "/", null, false)
                .plan(List.of(Path.of("a.jpg")), "s", false))
                .isInstanceOf(CliException.class).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> Outputs.of(dir.resolve(long300 + ".png").toString(), null, true)
                .plan(List.of(Path.of("a.jpg")), "s", false))
                .isInstanceOf(CliException.class).hasMessageContaining("255 bytes");
    }

    @Test
    void anOutputFolderThatCannotBeMadeIsFoundBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> Outputs.of(file.resolve("out") + "/", null, false).prepare())
                .isInstanceOf(CliException.class).hasMessageContaining(file.toString());
        assertThatThrownBy(() -> Outputs.of(file + "/", null, false).prepare())
                .isInstanceOf(CliException.class).hasMessageContaining("not a folder");
    }

    @Test
    void aFolderThatCannotBeWrittenIsFoundBeforeAnyWorkAndTheCheckLeavesNothing() throws Exception {
        Path fine = Files.createDirectory(dir.resolve("fine"));
        Outputs.of(fine + "/", null, false).prepare();
        assertThat(fine).isEmptyDirectory();

        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeThat(Files.isWritable(readOnly)).as("root ignores folder permissions").isFalse();
            assertThatThrownBy(() -> Outputs.of(readOnly + "/", null, false).prepare())
                    .isInstanceOf(CliException.class).hasMessage("cannot write into " + readOnly + "/: permission "
                            + "denied");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aLongMixGetsANameOfAtMost255BytesWithAStableHash() {
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            label.append(i == 0 ? "" : "+").append("a_rather_long_style_name_").append(i).append("-0.0625");
        }
        String name = FileNames.outputName("tubingen", label.toString(), "png");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(name).startsWith("tubingen_a_rather_long_style_name_0-0.0625+").endsWith(".png")
                .isEqualTo(FileNames.outputName("tubingen", label.toString(), "png"));
        assertThat(FileNames.outputName("tubingen", label.toString().replace("15-0.0625", "15-0.0626"), "png"))
                .isNotEqualTo(name);
        assertThat(FileNames.outputName("tubingen", "starry_night-0.7", "png"))
                .isEqualTo("tubingen_starry_night-0.7.png");
        String stem = "\u00e9".repeat(127);
        assertThat(FileNames.outputName(stem, "s", "jpg").getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(255);
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertThat(FileNames.safe("la nuit/étoilée:1")).isEqualTo("la_nuit_étoilée_1");
        assertThat(FileNames.stem(Path.of("a/b.c.jpg"))).isEqualTo("b.c");
        assertThat(FileNames.isImage(Path.of("._x.jpg"))).isFalse();
        assertThat(FileNames.isImage(Path.of("X.JPEG"))).isTrue();
    }
}
