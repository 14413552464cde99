package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pastiche.ModelFormatException;
import io.pastiche.Style;
import io.pastiche.StyleMask;
import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.image.BrushScale;
import io.pastiche.image.ColourPreservation;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.PixelBlend;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.ImageBytes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end, in-process: {@code create} writes a small real model (alpha 0.25, two styles) that
 * {@code styles} and {@code stylize} then use on the engine found on the class path (DJL).
 */
class CommandTest {

    @TempDir
    static Path shared;

    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void createModel() {
        model = shared.resolve("small.safetensors");
        Cli.Result result = Cli.run("create", "--styles", "starry_night,monet", "--alpha", "0.25", "--seed", "7",
                "-o", model);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("untrained", "texture");
        assertThat(model).isRegularFile();
    }

    private static Cli.Result ok(Object... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static Cli.Result failure(Object... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).startsWith("error: ").doesNotContain("\tat ")
                .doesNotContain("Exception");
        return result;
    }

    private Path image(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile());
        return file;
    }

    private static BufferedImage read(Path file) throws IOException {
        assertThat(file).isRegularFile();
        return ImageFiles.read(file);
    }

    private static Path tubingen() {
        Path photo = Cli.sharedData().map(d -> d.resolve("images/content/tubingen.jpg")).orElse(null);
        assumeTrue(photo != null && Files.isRegularFile(photo),
                "the shared development data (../shared/data/images/content/tubingen.jpg) is not here");
        return photo;
    }

    @Test
    void stylesListsIndexAndName() {
        assertThat(ok("styles", "-m", model).out().lines()).containsExactly("0  starry_night", "1  monet");
    }

    @Test
    void withoutModelTheDefaultModelIsUsed() throws IOException {
        assertThat(ok("styles").out().lines()).hasSize(16)
                .anySatisfy(line -> assertThat(line).matches(" 7  the_scream +Edvard Munch"));
        Path input = image("small.png", 40, 30);
        Path output = dir.resolve("scream.png");
        Cli.Result result = ok("stylize", input, "--style", "the_scream", "-o", output, "--verbose");
        assertThat(result.err()).contains("the default model (16 styles");
        assertThat(read(output).getWidth()).isEqualTo(40);
    }

    @Test
    void stylizesARealPhotoAtItsSize() throws IOException {
        Path photo = tubingen();
        Cli.Result result = ok("stylize", photo, "-m", model, "--style", "starry_night", "-o", dir);
        Path output = dir.resolve("tubingen_starry_night.png");
        assertThat(result.out().strip()).isEqualTo(output.toString());
        BufferedImage pastiche = read(output);
        assertThat(pastiche.getWidth()).isEqualTo(1024);
        assertThat(pastiche.getHeight()).isEqualTo(768);
    }

    @Test
    void stylizesAnOddSizedImageIntoANamedFile() throws IOException {
        Path input = image("odd.png", 37, 23);
        Path output = dir.resolve("new/folder/result.jpg");
        ok("stylize", input, "-m", model, "--style", "1", "-o", output);
        BufferedImage pastiche = read(output);
        assertThat(pastiche.getWidth()).isEqualTo(37);
        assertThat(pastiche.getHeight()).isEqualTo(23);
    }

    @Test
    void preserveColorsKeepsThePhotosColoursAndThePastichesLight() throws IOException {
        Path input = image("colours.png", 48, 40);
        ok("stylize", input, "-m", model, "--style", "0", "-o", dir.resolve("plain.png"));
        ok("stylize", input, "-m", model, "--style", "0", "--preserve-colors", "-o", dir.resolve("kept.png"));
        BufferedImage photo = read(input);
        BufferedImage plain = read(dir.resolve("plain.png"));
        assertThat(pixels(read(dir.resolve("kept.png"))))
                .as("the plain pastiche given the photo's colours, pixel for pixel")
                .isEqualTo(pixels(ColourPreservation.apply(photo, plain)));
    }

    @Test
    void strengthZeroGivesThePhotoAndAHalfIsHalfWayWithTheColoursKept() throws IOException {
        Path input = image("strength.png", 40, 32);
        ok("stylize", input, "-m", model, "--style", "1", "-o", dir.resolve("full.png"));
        ok("stylize", input, "-m", model, "--style", "1", "--strength", "0", "-o", dir.resolve("none.png"));
        ok("stylize", input, "-m", model, "--style", "1", "--strength", "0.5", "--preserve-colors",
                "-o", dir.resolve("half.png"));
        BufferedImage photo = read(input);
        BufferedImage expected = PixelBlend.apply(photo, ColourPreservation.apply(photo, read(dir.resolve("full.png"))),
                0.5);
        assertThat(pixels(read(dir.resolve("none.png")))).isEqualTo(pixels(photo));
        assertThat(pixels(read(dir.resolve("half.png")))).isEqualTo(pixels(expected));
    }

    @Test
    void aBrushScalePaintsTheReducedPhotoAndGivesItBackAtFullSize() throws IOException {
        Path input = image("brush-photo.png", 90, 60);
        ok("stylize", input, "-m", model, "--style", "1", "--brush-scale", "3", "-o", dir.resolve("brush.png"));
        BufferedImage photo = read(input);
        BufferedImage small = BrushScale.reduce(photo, 3);
        ok("stylize", writePng(small, "small.png"), "-m", model, "--style", "1", "-o", dir.resolve("small-out.png"));
        assertThat(pixels(read(dir.resolve("brush.png"))))
                .isEqualTo(pixels(BrushScale.enlarge(photo, read(dir.resolve("small-out.png")))));
        assertThat(failure("stylize", input, "-m", model, "--style", "1", "--brush-scale", "20", "-o",
                dir.resolve("tiny.png")).err()).contains("a brush scale of 20 paints the 90x60 picture at 5x3");
    }

    /** Mask, brush scale, colours and strength in one call: each applied in its place, as the API composes them. */
    @Test
    void theCreativeControlsCombine() throws IOException {
        Path input = image("combined-photo.png", 96, 64);
        Path halves = labels("combined-labels.png", 48, 32, 24, Integer.MAX_VALUE);
        ok("stylize", input, "-m", model, "--mask", halves, "--region", "#ff0000=starry_night",
                "--region", "#0000ff=starry_night=0.3", "--feather", "4", "--brush-scale", "2",
                "--preserve-colors", "--strength", "0.5", "-o", dir.resolve("combined.png"));
        BufferedImage photo = read(input);
        BufferedImage expected;
        try (StyleNetwork network = StyleNetwork.load(model)) {
            BufferedImage small = BrushScale.reduce(photo, 2);
            Map<Integer, StyleMix> regions = new LinkedHashMap<>();
            regions.put(0xff0000, StyleMix.of(0));
            regions.put(0x0000ff, StyleMix.of(Map.of(0, 0.3)));
            StyleMask mask = StyleMask.ofLabels(read(halves), regions).resized(small.getWidth(), small.getHeight())
                    .feathered(4);
            BufferedImage painted = BrushScale.enlarge(photo, network.stylize(small, mask));
            expected = PixelBlend.apply(photo, ColourPreservation.apply(photo, painted), 0.5);
        }
        assertThat(pixels(read(dir.resolve("combined.png")))).isEqualTo(pixels(expected));
    }

    private Path writePng(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** A label image: red left of {@code split}, blue from it on, green below {@code greenFrom} if given. */
    private Path labels(String name, int width, int height, int split, int greenFrom) throws IOException {
        BufferedImage labels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                labels.setRGB(x, y, y >= greenFrom ? 0x00ff00 : x < split ? 0xff0000 : 0x0000ff);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(labels, "png", file.toFile());
        return file;
    }

    @Test
    void aMaskPaintsEachRegionInItsStyleAndOneRegionIsThePlainCall() throws IOException {
        Path input = image("regions.png", 96, 40);
        // The model is untrained: its styles are alike, so the second region is a third of one (an unnormalised
        // mix), which paints differently.
        ok("stylize", input, "-m", model, "--style", "starry_night", "-o", dir.resolve("starry.png"));
        ok("stylize", input, "-m", model, "--mix", "starry_night=0.3", "-o", dir.resolve("third.png"));
        // drawn at half the size: fitted to the photo
        Path halves = labels("halves.png", 48, 20, 24, Integer.MAX_VALUE);
        ok("stylize", input, "-m", model, "--mask", halves, "--region", "#ff0000=starry_night",
                "--region", "#0000ff=starry_night=0.3", "--feather", "2", "-o", dir.resolve("masked.png"));
        BufferedImage starry = read(dir.resolve("starry.png"));
        BufferedImage third = read(dir.resolve("third.png"));
        BufferedImage masked = read(dir.resolve("masked.png"));
        assertThat(masked.getWidth()).isEqualTo(96);
        assertThat(distance(starry, third, 0, 96)).as("the two regions' styles differ").isGreaterThan(5);
        assertThat(distance(masked, starry, 0, 16)).as("left edge: the first region's")
                .isLessThan(distance(masked, third, 0, 16));
        assertThat(distance(masked, third, 80, 96)).as("right edge: the second region's")
                .isLessThan(distance(masked, starry, 80, 96));
        Path one = labels("one-region.png", 96, 40, 200, Integer.MAX_VALUE);
        ok("stylize", input, "-m", model, "--mask", one, "--region", "#ff0000=starry_night", "-o",
                dir.resolve("masked-once.png"));
        assertThat(pixels(read(dir.resolve("masked-once.png")))).isEqualTo(pixels(starry));
    }

    /** The mean absolute difference of two pictures' channels over columns [from, to). */
    private static double distance(BufferedImage a, BufferedImage b, int from, int to) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = from; x < to; x++) {
                for (int shift = 0; shift < 24; shift += 8) {
                    sum += Math.abs((a.getRGB(x, y) >> shift & 0xff) - (b.getRGB(x, y) >> shift & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getHeight() * (to - from));
    }

    @Test
    void masksOfAnotherShapeOrWithColoursWithoutARegionAreRefused() throws IOException {
        Path input = image("shape.png", 48, 40);
        Path square = labels("square.png", 30, 30, 15, Integer.MAX_VALUE);
        assertThat(failure("stylize", input, "-m", model, "--mask", square, "--region", "#ff0000=monet",
                "--region", "#0000ff=starry_night", "-o", dir.resolve("a.png")).err())
                .contains("30x30", "48x40", "shapes differ");
        Path green = labels("green.png", 48, 40, 24, 30);
        assertThat(failure("stylize", input, "-m", model, "--mask", green, "--region", "#ff0000=monet",
                "--region", "#0000ff=starry_night", "-o", dir.resolve("b.png")).err())
                .contains("without a region: #00ff00", "the regions are #ff0000, #0000ff");
        assertThat(failure("stylize", input, "-m", model, "--mask", green, "--region", "#ff0000=monet",
                "--region", "#0000ff=starry_night", "--region", "#00ff00=cubism", "-o", dir.resolve("c.png")).err())
                .contains("no style 'cubism'", "starry_night");
        assertThat(dir.resolve("a.png")).doesNotExist();
    }

    /** Every pixel's ARGB, row by row. */
    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void aPictureOverItsMemoryBudgetComesOutInTilesAsItWouldWhole() throws IOException {
        Path input = image("budget.png", 301, 203);
        ok("stylize", input, "-m", model, "--style", "1", "-o", dir.resolve("whole.png"));
        ok("stylize", input, "-m", model, "--style", "1", "--memory", "4m", "-o", dir.resolve("tiled.png"));
        BufferedImage whole = read(dir.resolve("whole.png"));
        BufferedImage tiled = read(dir.resolve("tiled.png"));
        int largest = 0;
        for (int y = 0; y < 203; y++) {
            for (int x = 0; x < 301; x++) {
                for (int shift = 0; shift < 24; shift += 8) {
                    largest = Math.max(largest, Math.abs((whole.getRGB(x, y) >> shift & 0xff)
                            - (tiled.getRGB(x, y) >> shift & 0xff)));
                }
            }
        }
        assertThat(largest).as("largest difference in 0..255").isLessThanOrEqualTo(1);
        assertThat(failure("stylize", input, "-m", model, "--style", "1", "--memory", "1k", "-o",
                dir.resolve("none.png")).err()).contains("give the call a budget of at least");
        assertThat(dir.resolve("none.png")).doesNotExist();
    }

    @Test
    void mixesStylesAndNamesTheOutputAfterTheMix() throws IOException {
        Path input = image("in/photo.jpg", 64, 48);
        ok("stylize", input, "-m", model, "--mix", "starry_night=3,1=1", "--normalize", "-o", dir.resolve("out"));
        assertThat(read(dir.resolve("out/photo_starry_night-0.75+monet-0.25.png")).getWidth()).isEqualTo(64);
    }

    @Test
    void maxSizeShrinksTheLongestSide() throws IOException {
        Path input = image("big.png", 300, 200);
        ok("stylize", input, "-m", model, "--style", "0", "--max-size", "120", "-o", dir, "--format", "jpg");
        BufferedImage pastiche = read(dir.resolve("big_starry_night.jpg"));
        assertThat(pastiche.getWidth()).isEqualTo(120);
        assertThat(pastiche.getHeight()).isEqualTo(80);
    }

    @Test
    void stylizesAFolderWithALinePerImageWhenStderrIsNoTerminal() throws IOException {
        image("photos/a.png", 40, 30);
        image("photos/b.jpg", 30, 40);
        image("photos/c.png", 33, 33);
        Files.writeString(dir.resolve("photos/readme.txt"), "not an image, not an input");
        Cli.Result result = ok("stylize", dir.resolve("photos"), "-m", model, "--style", "monet",
                "-o", dir.resolve("out"));
        // A log file gets plain lines, not the frames of a bar redrawn with carriage returns.
        assertThat(result.err()).doesNotContain("\r").contains("Stylizing 3/3: " + dir.resolve("photos/c.png")
                + " -> " + dir.resolve("out/c_monet.png"));
        assertThat(result.err().lines()).hasSize(3);
        assertThat(result.out().lines()).hasSize(3);
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("a_monet.png", "b_monet.png", "c_monet.png");
        }
    }

    @Test
    void aBadImageInAFolderIsReportedAndTheOthersAreDone() throws IOException {
        image("photos/a.png", 40, 30);
        Files.writeString(dir.resolve("photos/b.jpg"), "this is text, not a JPEG");
        image("photos/c.png", 33, 33);
        Cli.Result result = failure("stylize", dir.resolve("photos"), "-m", model, "--style", "0",
                "-o", dir.resolve("out"), "--no-progress");
        assertThat(result.err()).contains("b.jpg").contains("1 of 3 images failed");
        assertThat(dir.resolve("out/a_starry_night.png")).isRegularFile();
        assertThat(dir.resolve("out/c_starry_night.png")).isRegularFile();
        assertThat(dir.resolve("out/b_starry_night.png")).doesNotExist();
    }

    @Test
    void neverOverwritesAUsersFileThatIsAlsoAnInput() throws IOException {
        // The hostile tester's case: the pastiche of a.jpg would have replaced the user's a_great_wave.png, then
        // been stylized again into a_great_wave_great_wave.png.
        Path photos = dir.resolve("photos");
        image("photos/a.jpg", 40, 30);
        Path mine = image("photos/a_great_wave.png", 30, 20);
        byte[] before = Files.readAllBytes(mine);
        Cli.Result result = failure("stylize", photos, "--style", "great_wave", "-o", photos);
        assertThat(result.err()).contains(mine.toString(), photos.resolve("a.jpg").toString(), "input");
        assertThat(failure("stylize", photos, "--style", "great_wave", "-o", photos, "--force").err())
                .contains(mine.toString());
        assertThat(Files.readAllBytes(mine)).isEqualTo(before);
        try (Stream<Path> files = Files.list(photos)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.jpg",
                    "a_great_wave.png");
        }
    }

    @Test
    void outputsWrittenIntoTheInputFolderAreNotTakenAsInputs() throws IOException {
        Path photos = dir.resolve("photos");
        image("photos/a.png", 40, 30);
        image("photos/b.png", 30, 40);
        assertThat(ok("stylize", photos, "-m", model, "--style", "monet", "-o", photos, "--no-progress").out()
                .lines()).hasSize(2);
        try (Stream<Path> files = Files.list(photos)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.png", "b.png",
                    "a_monet.png", "b_monet.png");
        }
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws IOException {
        Path input = image("x.png", 40, 30);
        Path out = dir.resolve("out");
        ok("stylize", input, "-m", model, "--style", "monet", "-o", out);
        Path written = out.resolve("x_monet.png");
        Files.writeString(written, "an earlier result");
        assertThat(failure("stylize", input, "-m", model, "--style", "monet", "-o", out).err())
                .contains(written.toString(), "--force");
        assertThat(written).hasContent("an earlier result");
        ok("stylize", input, "-m", model, "--style", "monet", "-o", out, "--force");
        assertThat(read(written).getWidth()).isEqualTo(40);
    }

    @Test
    void aMixOfAllSixteenStylesGetsAShortExactName() throws IOException {
        Path input = image("x.png", 24, 16);
        StringBuilder mix = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            mix.append(i == 0 ? "" : ",").append(i).append("=0.0625");
        }
        Path out = dir.resolve("out");
        Path written = Path.of(ok("stylize", input, "--mix", mix, "-o", out).out().strip());
        String name = written.getFileName().toString();
        assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(name).startsWith("x_great_wave-0.0625+composition_vii-0.0625+").contains("~").endsWith(".png");
        assertThat(read(written).getWidth()).isEqualTo(24);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(written);
        }
    }

    @Test
    void namesFromAModelFileNeverReachTheTerminalRaw() throws IOException {
        // pastiche refuses to write such a name, so the file is made as a hostile tool would: a placeholder of the
        // same length in the header's style_info (a JSON string inside the JSON header, hence the two backslashes)
        // replaced by an escape sequence. The data, and so its checksum, is unchanged.
        Model plain = Model.untrained(NetworkSpec.standard(0.25), 0.25, List.of("a", "bZZZZZZZZ2J"), 1);
        Path file = dir.resolve("hostile.safetensors");
        ModelFile.write(plain, file);
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).contains("bZZZZZZZZ2J");
        Files.write(file, bytes.replace("bZZZZZZZZ2J", "b\\\\u001b[2J").getBytes(StandardCharsets.ISO_8859_1));
        Path input = image("x.png", 32, 32);
        for (Cli.Result result : List.of(Cli.run("styles", "-m", file),
                Cli.run("stylize", input, "-m", file, "--style", "picasso"))) {
            assertThat(result.exitCode()).as(result.toString()).isNotZero();
            assertThat(result.out() + result.err()).as(result.toString())
                    .doesNotContain("\u001b").contains("b\\u001b[2J");
        }
    }

    @Test
    void missingInput() {
        Path missing = dir.resolve("nowhere.jpg");
        assertThat(failure("stylize", missing, "-m", model, "--style", "0").err())
                .isEqualTo("error: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void missingModel() throws IOException {
        Path input = image("x.png", 32, 32);
        assertThat(failure("stylize", input, "-m", dir.resolve("none.safetensors"), "--style", "0").err())
                .contains("no such file: ").contains("none.safetensors");
    }

    @Test
    void corruptModelGivesTheFormatMessage() throws IOException {
        Path garbage = dir.resolve("garbage.safetensors");
        byte[] bytes = new byte[500];
        new Random(1).nextBytes(bytes);
        Files.write(garbage, bytes);
        String expected = null;
        try {
            ModelFile.read(garbage);
        } catch (ModelFormatException e) {
            expected = e.getMessage();
        }
        assertThat(expected).as("ModelFile.read must refuse garbage").isNotNull();
        Path input = image("x.png", 32, 32);
        assertThat(failure("stylize", input, "-m", garbage, "--style", "0").err()).contains(expected);
        assertThat(failure("styles", "-m", garbage).err()).contains(expected);
    }

    @Test
    void unknownStyleListsTheStyles() throws IOException {
        Path input = image("x.png", 32, 32);
        assertThat(failure("stylize", input, "-m", model, "--style", "picasso").err())
                .contains("picasso", "0 starry_night", "1 monet");
        assertThat(failure("stylize", input, "-m", model, "--mix", "monet=0.5,5=0.5").err())
                .contains("'5'", "0 starry_night", "1 monet");
    }

    @Test
    void unreadableImage() throws IOException {
        Path text = Files.writeString(dir.resolve("photo.jpg"), "this is text, not a JPEG");
        assertThat(failure("stylize", text, "-m", model, "--style", "0", "-o", dir.resolve("out")).err())
                .contains("photo.jpg");
    }

    @Test
    void unknownBackend() throws IOException {
        Path input = image("x.png", 32, 32);
        assertThat(failure("stylize", input, "-m", model, "--style", "0", "--backend", "abacus").err())
                .contains("abacus", "djl");
    }

    @Test
    void runsOnTheCpuWhenAskedAndSaysWhatAGpuWouldNeed() throws IOException {
        Path input = image("device.png", 32, 32);
        ok("stylize", input, "-m", model, "--style", "0", "--device", "CPU", "-o", dir.resolve("cpu.png"));
        assertThat(read(dir.resolve("cpu.png")).getWidth()).isEqualTo(32);
        // No machine of this project has a GPU; the engines' default natives are their CPU ones.
        assertThat(failure("stylize", input, "-m", model, "--style", "0", "--device", "gpu", "-o",
                dir.resolve("gpu.png")).err()).contains("GPU", "linux-x86_64-gpu");
        assertThat(dir.resolve("gpu.png")).doesNotExist();
    }

    @Test
    void aPictureTooLargeForTheNetworkIsRefusedFromItsHeaderWithTheWayOut() throws IOException {
        Path big = Files.write(dir.resolve("big.png"), ImageBytes.hugePng(20_000, 20_000));

        assertThat(failure("stylize", big, "-m", model, "--style", "0", "-o", dir.resolve("out.png")).err())
                .contains("20000x20000", "more than the limit of 268435456", "--max-size 2048");
        assertThat(dir.resolve("out.png")).doesNotExist();
    }

    @Test
    void verboseShowsTheStackTrace() throws IOException {
        Path missing = dir.resolve("nowhere.jpg");
        Cli.Result result = Cli.run("stylize", missing, "-m", model, "--style", "0", "--verbose");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("NoSuchFileException", "\tat ", "error: no such file: " + missing);
    }

    @Test
    void createRefusesToReplaceAFileUnlessForced() {
        failure("create", "--styles", "a", "--alpha", "0.25", "-o", model);
        Path other = dir.resolve("other.safetensors");
        ok("create", "--styles", "a", "--alpha", "0.25", "-o", other);
        ok("create", "--styles", "a,b,c", "--alpha", "0.25", "-o", other, "--force");
        assertThat(ok("styles", "-m", other).out().lines()).hasSize(3);
    }
}
