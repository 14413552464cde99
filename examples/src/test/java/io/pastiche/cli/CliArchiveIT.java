package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool as people download it: the archive {@code mvn package} makes, unpacked into a temporary
 * folder and run from there with nothing but a Java runtime on the PATH (no Maven, no JAVA_HOME, no repository).
 */
class CliArchiveIT {

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("pastiche.cliArchive"));
        assertThat(archive).exists();
        Result tar = run(unpacked, List.of("tar", "-xzf", archive.toString()));
        assertThat(tar.exit()).as(tar.output()).isZero();
        home = unpacked.resolve("pastiche-cli-" + System.getProperty("pastiche.version"));
        assertThat(home.resolve("bin/pastiche")).isExecutable();
        assertThat(home.resolve("LICENSE")).exists();
        assertThat(home.resolve("NOTICE")).exists();
    }

    @Test
    void printsItsVersionAndBackends() throws Exception {
        Result version = run(unpacked, List.of(home.resolve("bin/pastiche").toString(), "--version"));

        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).contains("pastiche " + System.getProperty("pastiche.version"), "tensorflow",
                "djl", "nd4j");
    }

    @Test
    void stylizesTheSamplePhotoFromAnyFolder(@TempDir Path work) throws Exception {
        Path output = work.resolve("cat.png");
        Result stylize = run(work, List.of(home.resolve("bin/pastiche").toString(), "stylize", "--style",
                "the_scream", home.resolve("examples/chelsea.jpg").toString(), "-o", output.toString()));

        assertThat(stylize.exit()).as(stylize.output()).isZero();
        BufferedImage in = ImageIO.read(home.resolve("examples/chelsea.jpg").toFile());
        BufferedImage out = ImageIO.read(output.toFile());
        assertThat(out.getWidth()).isEqualTo(in.getWidth());
        assertThat(out.getHeight()).isEqualTo(in.getHeight());
        try (var files = Files.list(work)) {
            assertThat(files).containsExactly(output); // nothing else left behind: no logs, no temporary files
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with only this JVM's java on the PATH (plus the shell's basic tools) and no JAVA_HOME. */
    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().clear();
        builder.environment().put("PATH", javaBin + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/bin");
        builder.environment().put("HOME", System.getProperty("user.home"));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
