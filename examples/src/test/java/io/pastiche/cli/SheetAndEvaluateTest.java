package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sheet} and {@code evaluate} end to end on the engine on the class path, with a small untrained model and
 * the tiny inputs of {@link TrainingFiles}.
 */
class SheetAndEvaluateTest {

    @TempDir
    static Path shared;

    static TrainingFiles files;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void inputs() throws IOException {
        files = TrainingFiles.in(shared);
        model = shared.resolve("m.safetensors");
        assertThat(Cli.run("create", "--styles", "starry_night,the_scream", "--alpha", "0.125", "-o", model)
                .exitCode()).isZero();
    }

    private static Cli.Result run(int exitCode, Object... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ");
        return result;
    }

    @Test
    void sheetNeverReplacesAPhotoNorAnExistingFileWithoutForce() throws IOException {
        Path photo;
        try (Stream<Path> list = Files.list(files.photos)) {
            photo = list.sorted().findFirst().orElseThrow();
        }
        byte[] before = Files.readAllBytes(photo);
        assertThat(run(1, "sheet", files.photos, "-m", model, "--tile", 16, "-o", photo, "--force").err())
                .contains(photo.toString(), "input");
        assertThat(Files.readAllBytes(photo)).isEqualTo(before);

        Path existing = Files.writeString(dir.resolve("sheet.png"), "an earlier sheet");
        assertThat(run(1, "sheet", files.photos, "-m", model, "--tile", 16, "-o", existing).err())
                .contains(existing.toString(), "--force");
        assertThat(existing).hasContent("an earlier sheet");
        Path stale = Files.writeString(dir.resolve(".sheet.png.pastiche-0123456789abcdef.tmp"), "killed");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        run(0, "sheet", files.photos, "-m", model, "--tile", 16, "--no-progress", "-o", existing, "--force");
        assertThat(ImageFiles.read(existing).getWidth()).isEqualTo(3 * 16);
        assertThat(stale).as("a temporary file a killed run left").doesNotExist();
    }

    @Test
    void sheetHasARowPerPhotoAndTheUnstylizedPhotoFirst() throws IOException {
        Path sheetFile = dir.resolve("out/sheet.png");
        Cli.Result result = run(0, "sheet", files.photos, "-m", model, "--tile", 32, "--no-progress", "-o",
                sheetFile);

        assertThat(result.out().strip()).isEqualTo(sheetFile.toString());
        BufferedImage sheet = ImageFiles.read(sheetFile);
        assertThat(sheet.getWidth()).isEqualTo(3 * 32);
        assertThat(sheet.getHeight()).isEqualTo(3 * 32);
        BufferedImage first = SheetCommand.square(ImageFiles.read(files.photos.resolve("a.png")), 32);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(sheet.getRGB(x, y)).isEqualTo(first.getRGB(x, y));
            }
        }
    }

    @Test
    void sheetRefusesBadTilesUnknownStylesAndHugeSheets() {
        assertThat(run(2, "sheet", files.photos, "-m", model, "--tile", 8, "-o", dir.resolve("s.png")).err())
                .contains("--tile must be 16 to 1024, was 8");
        assertThat(run(1, "sheet", files.photos, "-m", model, "--styles", "monet", "-o", dir.resolve("s.png"))
                .err()).contains("no style 'monet'", "0 starry_night, 1 the_scream");
        assertThat(run(1, "sheet", files.photos, "--tile", 1024, "-o", dir.resolve("s.png")).err())
                .contains("3 photos in 16 styles at --tile 1024", "smaller --tile");
        assertThat(run(1, "sheet", files.photos, "-m", model, "-o", dir.resolve("s.gif")).err())
                .contains("name the output .png");
        assertThat(dir.resolve("s.png")).doesNotExist();
    }

    @Test
    void evaluatePrintsMediansPerStyleAndOverall() {
        List<Object> args = new ArrayList<>(List.of("evaluate", "-m", model, "--styles", files.paintings, "--vgg",
                files.vgg, "--size", 32, "--per-photo", files.photos));
        args.addAll(TrainingFiles.LOSS);
        Cli.Result result = run(0, args.toArray());

        assertThat(result.out()).contains("Medians over 3 photos", "| a.png | the_scream | ");
        List<String> rows = result.out().lines().filter(l -> l.matches("\\| (starry_night|the_scream|\\*\\*all\\*\\*) \\|.*"))
                .toList();
        assertThat(rows).hasSize(3);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            assertThat(Double.parseDouble(cells[2].strip())).isPositive().isFinite();
            assertThat(Double.parseDouble(cells[3].strip())).isPositive().isFinite();
        }
    }

    @Test
    void evaluateNeedsAPaintingForEveryStyleAndNoOther() {
        List<Object> one = new ArrayList<>(List.of("evaluate", "-m", model, "--styles",
                files.paintings.resolve("starry_night.png"), "--vgg", files.vgg, files.photos));
        one.addAll(TrainingFiles.LOSS);
        assertThat(run(1, one.toArray()).err()).contains("no painting for the style the_scream");

        List<Object> renamed = new ArrayList<>(List.of("evaluate", "-m", model, "--styles", files.paintings,
                "--names", "starry_night,monet", "--vgg", files.vgg, files.photos));
        renamed.addAll(TrainingFiles.LOSS);
        assertThat(run(1, renamed.toArray()).err()).contains("no painting for the style the_scream");
    }
}
