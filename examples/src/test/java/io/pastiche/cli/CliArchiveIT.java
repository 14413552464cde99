package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void servesThePagesAndTheBytesStylizeWrites(@TempDir Path work) throws Exception {
        Path photo = home.resolve("examples/chelsea.jpg");
        Path written = work.resolve("cat.png");
        Result stylize = run(work, List.of(home.resolve("bin/pastiche").toString(), "stylize", "--style",
                "the_scream", photo.toString(), "-o", written.toString()));
        assertThat(stylize.exit()).as(stylize.output()).isZero();

        // Its output goes to a file: Process.destroy closes the pipes, which would lose what it says as it stops.
        Path log = Files.createTempFile(unpacked, "serve", ".log");
        Process server = start(work, List.of(home.resolve("bin/pastiche").toString(), "serve", "--port", "0"), log);
        try {
            Matcher open = Pattern.compile("open (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!open.reset(Files.readString(log)).find() && server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String address = open.reset(Files.readString(log)).find() ? open.group(1) : null;
            assertThat(address).as("the address the server prints: " + Files.readString(log)).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(URI.create(address)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(page.statusCode()).isEqualTo(200);
            HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(
                            URI.create(address + "v1/stylize?style=the_scream"))
                    .POST(HttpRequest.BodyPublishers.ofFile(photo)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(Files.readAllBytes(written));

            server.destroy(); // SIGTERM: a graceful stop
            assertThat(server.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(server.exitValue()).as(Files.readString(log)).isEqualTo(143);
            assertThat(Files.readString(log)).contains("stopping after the requests in flight");
        } finally {
            server.destroyForcibly();
        }
        try (var files = Files.list(work)) {
            assertThat(files).containsExactly(written); // the server wrote nothing
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with only this JVM's java on the PATH (plus the shell's basic tools) and no JAVA_HOME. */
    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = start(dir, command, null);
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Starts a command as {@link #run} runs it; its output and errors are one stream, into a file if given. */
    private static Process start(Path dir, List<String> command, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().clear();
        builder.environment().put("PATH", javaBin + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/bin");
        builder.environment().put("HOME", System.getProperty("user.home"));
        return builder.start();
    }
}
