package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pastiche.files.AtomicWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writingOverAnExistingModelReplacesItAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.write(Model.untrained(Fixtures.tinySpec(), 1, List.of("old"), 1), file);
        ModelFile.write(Fixtures.tinyModel(), file);

        assertThat(ModelFile.read(file).styles()).hasSize(2);
        assertThat(names()).containsExactly("model.safetensors");
    }

    @Test
    void aFailureWhileWritingLeavesTheOldFileIntact() throws IOException {
        Path file = Files.writeString(dir.resolve("model.safetensors"), "old content");

        assertThatThrownBy(() -> AtomicWrite.write(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThatThrownBy(() -> AtomicWrite.write(file, channel -> {
            throw new IllegalStateException("bug");
        })).hasMessage("bug");

        assertThat(Files.readString(file)).isEqualTo("old content");
        assertThat(names()).containsExactly("model.safetensors");
    }

    @Test
    void aFolderInPlaceOfTheTargetIsLeftAloneAndNoTemporaryFileRemains() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(folder.resolve("inside.txt"), "keep me");
        Path empty = Files.createDirectory(dir.resolve("empty.safetensors"));

        assertThatThrownBy(() -> ModelFile.write(Fixtures.tinyModel(), folder)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ModelFile.write(Fixtures.tinyModel(), empty)).isInstanceOf(IOException.class);

        assertThat(Files.readString(folder.resolve("inside.txt"))).isEqualTo("keep me");
        assertThat(empty).isEmptyDirectory();
        assertThat(names()).containsExactly("empty.safetensors", "model.safetensors");
    }

    @Test
    void aReadOnlyFolderFailsAndLeavesTheOldFileIntact() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = Files.writeString(dir.resolve("model.safetensors"), "old content");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeThat(Files.isWritable(dir)).as("root ignores folder permissions").isFalse();
            assertThatThrownBy(() -> ModelFile.write(Fixtures.tinyModel(), file))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(Files.readString(file)).isEqualTo("old content");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(names()).containsExactly("model.safetensors");
    }

    @Test
    void aMissingFolderIsReportedAsSuch() {
        assertThatThrownBy(() -> ModelFile.write(Fixtures.tinyModel(), dir.resolve("no/such/model.safetensors")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theModelGetsTheUsualPermissionsOfANewFileNotOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path reference = Files.createFile(dir.resolve("reference"));
        Path file = dir.resolve("model.safetensors");
        ModelFile.write(Fixtures.tinyModel(), file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void aRelativePathIsWrittenInPlace() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("relative.safetensors"));
        ModelFile.write(Fixtures.tinyModel(), relative);

        assertThat(ModelFile.read(relative).spec()).isEqualTo(Fixtures.tinySpec());
    }
}
