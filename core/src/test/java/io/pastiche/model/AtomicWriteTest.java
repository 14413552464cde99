package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pastiche.files.AtomicWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.IIOException;
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
    void aMissingFolderIsReportedAsSuchNamingTheTargetNotTheTemporaryFile() {
        Path target = dir.resolve("no/such/model.safetensors");
        assertThatThrownBy(() -> ModelFile.write(Fixtures.tinyModel(), target))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertThat(((NoSuchFileException) e).getFile()).isEqualTo(target.toString()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".tmp"));
    }

    @Test
    void aFullDiskIsSaidInWordsNamingTheTarget() throws IOException {
        Path file = dir.resolve("pastiche.png");
        // What a PNG writer throws when the disk fills: its own words, the system's in the cause.
        assertThatThrownBy(() -> AtomicWrite.write(file, channel -> {
            throw new IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
        })).isInstanceOf(FileSystemException.class)
                .hasMessage(file.toAbsolutePath() + ": no space left on device")
                .satisfies(e -> assertThat(((FileSystemException) e).getFile())
                        .isEqualTo(file.toAbsolutePath().toString()));
        assertThat(names()).isEmpty();
    }

    @Test
    void otherFailuresKeepTheirOwnMessage() {
        Path file = dir.resolve("pastiche.png");
        assertThatThrownBy(() -> AtomicWrite.write(file, channel -> {
            throw new IOException("Input/output error");
        })).isExactlyInstanceOf(IOException.class).hasMessage("Input/output error");
        assertThat(AtomicWrite.isNoSpace(new IOException("x", new IOException("No space left on device"))))
                .isTrue();
        assertThat(AtomicWrite.isNoSpace(new IOException("Disk quota exceeded"))).isFalse();
    }

    @Test
    void aNameNearTheLimitOf255BytesIsWrittenThoughItsTemporaryNameIsLonger() throws IOException {
        String name = "\u00e9".repeat(100) + "x".repeat(51) + ".png"; // 255 bytes in UTF-8
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        Path file = dir.resolve(name);
        AtomicWrite.write(file, channel -> channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(names()).containsExactly(name);
    }

    @Test
    void staleTemporariesAreRemovedAndNothingElse() throws IOException {
        Path old = temporaryOf("a.png", Duration.ofHours(2));
        Path fresh = temporaryOf("b.png", Duration.ofMinutes(1));
        Path user = Files.writeString(dir.resolve(".notes.0123456789abcdef.tmp"), "the user's");
        Files.setLastModifiedTime(user, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Path image = Files.writeString(dir.resolve("a.png"), "kept");

        assertThat(AtomicWrite.removeStale(dir, Duration.ofHours(1))).containsExactly(old);
        assertThat(names()).containsExactlyInAnyOrder(fresh.getFileName().toString(), ".notes.0123456789abcdef.tmp",
                "a.png");
        assertThat(AtomicWrite.removeStale(dir.resolve("missing"), Duration.ofHours(1))).isEmpty();
        assertThat(image).hasContent("kept");
    }

    /** A temporary file as a write of {@code name} that never finished would have left, this old. */
    private Path temporaryOf(String name, Duration age) throws IOException {
        Path[] temporary = new Path[1];
        assertThatThrownBy(() -> AtomicWrite.write(dir.resolve(name), channel -> {
            try (Stream<Path> files = Files.list(dir)) {
                temporary[0] = files.filter(p -> p.getFileName().toString().startsWith("." + name)).findFirst()
                        .orElseThrow();
            }
            Files.copy(temporary[0], dir.resolve(temporary[0].getFileName() + ".copy"));
            throw new IOException("stop");
        })).hasMessage("stop");
        Path kept = Files.move(dir.resolve(temporary[0].getFileName() + ".copy"), temporary[0]);
        Files.setLastModifiedTime(kept, FileTime.from(Instant.now().minus(age)));
        return kept;
    }

    @Test
    void sigtermDuringAWriteLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("slow.png");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowWrite.class.getName(), target.toString()).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("writing");
            assertThat(names()).hasSize(1).allSatisfy(name -> assertThat(name).startsWith(".slow.png."));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(names()).isEmpty();
    }

    /** Starts a write that never ends, for the test above. */
    static final class SlowWrite {
        public static void main(String[] args) throws IOException {
            AtomicWrite.write(Path.of(args[0]), channel -> {
                channel.write(ByteBuffer.wrap(new byte[100]));
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
        }
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
