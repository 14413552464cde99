package io.pastiche.benchmarks;

import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What Spark costs over the command line on one machine: the same images stylized by {@code ./pastiche stylize
 * FOLDER} (one JVM, one image after another) and by {@code ./pastiche spark} (the Spark job embedded in local mode
 * on the same cores, writing its files and manifest), alternating, each timed from its process's start to its end
 * (start-up included). The outputs are compared byte for byte: both must be the same pictures.
 *
 * <p>Usage: {@code benchmarks/bench spark-vs-cli PHOTOS SIDE COUNT [ROUNDS]}: COUNT pictures of SIDE x SIDE cut from
 * the photos in PHOTOS (each photo scaled to cover the square, then several squares taken from it, turned and
 * mirrored, so that no two are the same), ROUNDS (2) of each command.
 */
public final class SparkVsCli {

    private static final String STYLE = "the_scream";

    private SparkVsCli() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: benchmarks/bench spark-vs-cli PHOTOS SIDE COUNT [ROUNDS]");
            System.exit(2);
        }
        Path photos = Path.of(args[0]);
        int side = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path work = Files.createTempDirectory("spark-vs-cli");
        try {
            Path input = work.resolve("input");
            prepare(photos, side, count, input);
            System.out.printf(Locale.ROOT, "%d pictures of %d x %d in %s; style %s; %d cores%n", count, side, side,
                    input, STYLE, Runtime.getRuntime().availableProcessors());
            System.out.println("| round | command | seconds | images/s |");
            System.out.println("|--:|---|--:|--:|");
            List<Double> cli = new ArrayList<>();
            List<Double> spark = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Path cliOut = work.resolve("cli-" + round);
                double c = run(List.of("./pastiche", "stylize", input.toString(), "-o", cliOut + "/", "--style",
                        STYLE, "--no-progress"), work.resolve("cli-" + round + ".log"));
                cli.add(c);
                System.out.printf(Locale.ROOT, "| %d | pastiche stylize | %.1f | %.2f |%n", round, c, count / c);
                Path sparkOut = work.resolve("spark-" + round);
                double s = run(List.of("./pastiche", "spark", "--input", input.toString(), "--output",
                        sparkOut.toString(), "--style", STYLE), work.resolve("spark-" + round + ".log"));
                spark.add(s);
                System.out.printf(Locale.ROOT, "| %d | pastiche spark (local[*]) | %.1f | %.2f |%n", round, s,
                        count / s);
                compare(cliOut, sparkOut.resolve("images"));
            }
            double bestCli = cli.stream().min(Double::compare).orElseThrow();
            double bestSpark = spark.stream().min(Double::compare).orElseThrow();
            System.out.printf(Locale.ROOT, "%nbest of each: stylize %.2f images/s, spark %.2f images/s; Spark's "
                            + "overhead %+.1f %% (time), %.3f images/s per core; the outputs are identical%n",
                    count / bestCli, count / bestSpark, 100 * (bestSpark / bestCli - 1),
                    count / bestSpark / Runtime.getRuntime().availableProcessors());
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** COUNT squares cut from the photos, as PNG (lossless: both commands read the same pixels). */
    private static void prepare(Path photos, int side, int count, Path input) throws IOException {
        Files.createDirectories(input);
        List<Path> files;
        try (Stream<Path> list = Files.list(photos)) {
            files = list.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .jpg or .png photos in " + photos);
        }
        for (int i = 0; i < count; i++) {
            BufferedImage photo = ImageFiles.read(files.get(i % files.size()));
            int variant = i / files.size();
            // each photo at a larger scale for each round through them, and a different square of it
            int cover = side + 32 * variant;
            double scale = (double) cover / Math.min(photo.getWidth(), photo.getHeight());
            BufferedImage scaled = Resize.to(photo, Math.max(cover, (int) Math.round(photo.getWidth() * scale)),
                    Math.max(cover, (int) Math.round(photo.getHeight() * scale)));
            int x = (variant * 37) % (scaled.getWidth() - side + 1);
            int y = (variant * 53) % (scaled.getHeight() - side + 1);
            BufferedImage square = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            square.createGraphics().drawImage(scaled.getSubimage(x, y, side, side), 0, 0, null);
            ImageFiles.write(square, input.resolve(String.format(Locale.ROOT, "p%04d.png", i)));
        }
    }

    /** Runs a command from the repository's root; its wall time in seconds. */
    private static double run(List<String> command, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "):\n"
                    + Files.readString(log));
        }
        return seconds;
    }

    /** The two folders hold the same files, byte for byte. */
    private static void compare(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(expected)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            Path other = actual.resolve(file.getFileName().toString());
            if (!Files.exists(other) || Files.mismatch(file, other) != -1) {
                throw new IllegalStateException("the outputs differ: " + file + " and " + other);
            }
        }
        try (Stream<Path> list = Files.list(actual)) {
            if (list.count() != files.size()) {
                throw new IllegalStateException("the outputs differ in number: " + expected + " and " + actual);
            }
        }
    }
}
