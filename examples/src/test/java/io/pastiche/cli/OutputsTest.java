package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(outputs.plan(List.of(Path.of("a/tubingen.jpg"), Path.of("b/parrots.PNG")), "starry_night"))
                .containsValues(dir.resolve("out/tubingen_starry_night.png"), dir.resolve("out/parrots_starry_night.png"));
    }

    @Test
    void formatOptionSetsTheExtensionInAFolder() {
        Outputs outputs = Outputs.of(dir + "/", Outputs.Format.jpg, true);
        assertThat(outputs.plan(List.of(Path.of("x.png")), "s")).containsValue(dir.resolve("x_s.jpg"));
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
        assertThatThrownBy(() -> outputs.plan(List.of(Path.of("a/x.jpg"), Path.of("b/x.png")), "s"))
                .isInstanceOf(CliException.class).hasMessageContaining("would both be written to");
        Path input = dir.resolve("x.png");
        assertThatThrownBy(() -> Outputs.of(input.toString(), null, true).plan(List.of(input), "s"))
                .isInstanceOf(CliException.class).hasMessageContaining("overwrite the input");
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertThat(FileNames.safe("la nuit/étoilée:1")).isEqualTo("la_nuit_étoilée_1");
        assertThat(FileNames.stem(Path.of("a/b.c.jpg"))).isEqualTo("b.c");
        assertThat(FileNames.isImage(Path.of("._x.jpg"))).isFalse();
        assertThat(FileNames.isImage(Path.of("X.JPEG"))).isTrue();
    }
}
