package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pastiche.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C, SIGTERM and SIGHUP sent to a real {@code pastiche stylize} process working through a folder: it stops
 * between two images, closes the engine before the JVM exits (no crash report from the engine's native code), and
 * leaves complete images and no temporary file. A {@code sheet} stops between tiles and writes no half sheet.
 */
class SignalTest {

    private static final int IMAGES = 8;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0} gives exit code {1}")
    @CsvSource({"INT, 130", "TERM, 143", "HUP, 129"})
    void aSignalStopsBetweenImagesCleanly(String signal, int exitCode) throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < IMAGES; i++) {
            ImageIO.write(noise(640, 480, i), "png", photos.resolve("p" + i + ".png").toFile());
        }
        Path out = dir.resolve("out");
        String err = runAndSignal(signal, exitCode, () -> !pictures(out).isEmpty(),
                "stylize", photos.toString(), "--style", "great_wave", "-o", out.toString());
        assertThat(err).contains("stopping after the current image", "stopped after");
        List<Path> written = pictures(out);
        assertThat(written).as("stopped between images, not after all").hasSizeBetween(1, IMAGES - 1);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files")
                    .allSatisfy(name -> assertThat(name).doesNotStartWith("."));
        }
        for (Path file : written) {
            BufferedImage image = ImageFiles.read(file);
            assertThat(image.getWidth()).as(file.toString()).isEqualTo(640);
            assertThat(image.getHeight()).as(file.toString()).isEqualTo(480);
        }
        assertThat(Files.readAllLines(dir.resolve("stdout.txt"))).containsExactlyElementsOf(written.stream()
                .map(Path::toString).toList());
    }

    @ParameterizedTest(name = "SIG{0} gives exit code {1}")
    @CsvSource({"INT, 130"})
    void aSignalStopsASheetBetweenTilesAndWritesNoHalfSheet(String signal, int exitCode) throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < IMAGES; i++) {
            ImageIO.write(noise(256, 256, i), "png", photos.resolve("p" + i + ".png").toFile());
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Path stderr = dir.resolve("stderr.txt");
        String err = runAndSignal(signal, exitCode,
                () -> Files.exists(stderr) && Files.readString(stderr).contains("Rendering 1/"),
                "sheet", photos.toString(), "--tile", "256", "-o", out.resolve("sheet.png").toString());
        assertThat(err).contains("stopping after the current tile", "no sheet was written")
                .doesNotContain("Rendering " + IMAGES * 16 + "/");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("no sheet, no temporary file").isEmpty();
        }
    }

    /** Something to wait for. */
    private interface Condition {
        boolean holds() throws IOException;
    }

    /**
     * Runs {@code pastiche ARGS} in a JVM of its own, in an empty working folder, until {@code started}; sends it
     * the signal; checks the exit code, that the engine did not crash, and that no crash report was left.
     *
     * @return what it printed on stderr
     */
    private String runAndSignal(String signal, int exitCode, Condition started, String... args) throws Exception {
        assumeTrue(File.separatorChar == '/', "POSIX signals");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(defaultSignals());
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PasticheCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(stderr.toFile());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!started.holds() && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(started.holds()).as("started before the signal: " + Files.readString(stderr)).isTrue();
            // The shell's own kill: Java sends only SIGTERM and SIGKILL.
            new ProcessBuilder("sh", "-c", "kill -s " + signal + " " + process.pid()).start().waitFor();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("stopped").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("stderr:\n" + err).isEqualTo(exitCode);
        assertThat(err).doesNotContain("SIGSEGV", "A fatal error", "hs_err");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("crash reports").isEmpty();
        }
        return err;
    }

    /**
     * A child inherits ignored signals, and a JVM does not handle one that was ignored when it started (a shell
     * ignores SIGINT in background jobs, nohup SIGHUP): reset them, where env can.
     */
    private static List<String> defaultSignals() throws IOException, InterruptedException {
        List<String> env = List.of("env", "--default-signal=INT,TERM,HUP");
        Process probe = new ProcessBuilder(concat(env, "true")).start();
        return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0 ? env : List.of();
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    /** The finished images in the folder, sorted by name (temporary files are hidden). */
    private static List<Path> pictures(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }
}
