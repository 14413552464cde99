package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

    @TempDir
    Path dir;

    @Test
    void aFolderStandsForItsImagesSortedByName() throws Exception {
        for (String name : List.of("b.png", "a.JPG", "c.bmp", "d.jpeg", "notes.txt", ".hidden.jpg", "e.gif",
                "f.webp", "g.TIF", "h.tiff")) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.createDirectory(dir.resolve("sub.jpg"));
        // Every format pastiche reads; GIF is not one.
        assertThat(Inputs.expand(List.of(dir))).extracting(p -> p.getFileName().toString())
                .containsExactly("a.JPG", "b.png", "c.bmp", "d.jpeg", "f.webp", "g.TIF", "h.tiff");
    }

    @Test
    void filesAreTakenAsGivenOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("photo.tiff"), "x");
        assertThat(Inputs.expand(List.of(file, file))).containsExactly(file);
    }

    @Test
    void missingArgumentsAndEmptyFoldersAreErrors() throws Exception {
        assertThatThrownBy(() -> Inputs.expand(List.of(dir.resolve("nope.jpg"))))
                .isInstanceOf(NoSuchFileException.class);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Inputs.expand(List.of(empty))).isInstanceOf(CliException.class)
                .hasMessageContaining("no images").hasMessageContaining(".jpg");
    }
}
