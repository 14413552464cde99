package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.Style;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import io.pastiche.model.Model;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche sheet}: a contact sheet of a model, one row per photo: the photo, then the photo in each style.
 * Shows at a glance whether every style paints and every photo stays recognisable.
 */
@Command(name = "sheet",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Renders a contact sheet: one row per photo, the photo first, then the photo in each style (in "
                        + "the model's order, or --styles').",
                "",
                "Each photo is cut to a centred square of --tile pixels before it is stylized.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  pastiche sheet photos/ -o sheet.png",
                "  pastiche sheet a.jpg b.jpg --styles the_scream,starry_night --tile 256 -o sheet.jpg"})
final class SheetCommand implements Callable<Integer> {

    /** The largest sheet, in pixels (160 MB of heap): a sheet is for looking at, not a way to fill memory. */
    static final long MAX_PIXELS = 40_000_000L;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Mixin
    private ModelOption model;

    @Parameters(paramLabel = "PHOTO", arity = "1..*",
            description = "Image files, or folders of them (their .jpg, .jpeg, .png and .bmp files, sorted by name).")
    private List<Path> inputs;

    @Option(names = "--styles", paramLabel = "STYLE", split = ",",
            description = "The styles to show, by name or index, comma-separated. Default: all.")
    private List<String> styles;

    @Option(names = "--tile", paramLabel = "PIXELS", defaultValue = "192",
            description = "The side of each square tile, 16 to 1024. Default: ${DEFAULT-VALUE}.")
    private int tile;

    @Mixin
    private EngineOptions engine;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The sheet to write: .png, .jpg, .jpeg or .bmp.")
    private Path output;

    @Option(names = "--force", description = "Replace the sheet if it exists. A photo is never replaced.")
    private boolean force;

    @Option(names = "--no-progress", description = "No progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() throws IOException {
        if (tile < 16 || tile > 1024) {
            throw new ParameterException(spec.commandLine(), "--tile must be 16 to 1024, was " + tile);
        }
        ImageFiles.formatOf(output); // a bad ending fails before any work
        if (Files.isDirectory(output)) {
            throw new CliException("-o " + output + " is a folder; name the sheet file to write");
        }
        List<Path> files = Inputs.expand(inputs);
        Path target = output.toAbsolutePath().normalize();
        for (Path file : files) {
            if (file.toAbsolutePath().normalize().equals(target)) {
                throw new CliException("refusing to overwrite the input " + file + " with the sheet; choose another "
                        + "output (-o)");
            }
        }
        if (Files.exists(output) && !force) {
            throw new CliException(output + " exists; use --force to replace it, or -o another file");
        }
        Leftovers.remove(List.of(output.toAbsolutePath().getParent()));
        Model network = model.read();
        List<Style> shown = new ArrayList<>();
        for (String key : styles == null ? network.styles().stream().map(Style::name).toList() : styles) {
            shown.add(StyleOptions.find(key.strip(), network.styles(), model.describe()));
        }
        long pixels = (long) tile * tile * files.size() * (shown.size() + 1);
        if (pixels > MAX_PIXELS) {
            throw new CliException(files.size() + " photos in " + shown.size() + " styles at --tile " + tile
                    + " would make a sheet of " + pixels + " pixels, more than " + MAX_PIXELS
                    + "; show fewer photos or styles, or a smaller --tile");
        }
        List<BufferedImage> photos = TrainingRun.readAll(files, "photos", image -> square(image, tile));

        BufferedImage sheet = new BufferedImage((shown.size() + 1) * tile, photos.size() * tile,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        PrintWriter err = spec.commandLine().getErr();
        // As stylize: Ctrl-C stops between two tiles, and the JVM waits for the engine to close (no native crash).
        try (StopOnInterrupt stop = new StopOnInterrupt(() -> { }, line -> say(err, line), StylizeCommand.WAIT,
                "stopping after the current tile (waiting up to %s); no sheet is written").install()) {
            try (StyleNetwork styleNetwork = StyleNetwork.of(network, engine.loadOptions());
                 Progress progress = noProgress ? Progress.none(err)
                         : Progress.bar("Rendering", photos.size() * shown.size(), err)) {
                for (int row = 0; row < photos.size() && !stop.requested(); row++) {
                    g.drawImage(photos.get(row), 0, row * tile, null);
                    for (int column = 0; column < shown.size() && !stop.requested(); column++) {
                        BufferedImage pastiche = styleNetwork.stylize(photos.get(row), shown.get(column).index());
                        g.drawImage(pastiche, (column + 1) * tile, row * tile, null);
                        progress.done(files.get(row) + " in " + shown.get(column).name(), false);
                    }
                }
            } finally {
                g.dispose();
            }
            if (stop.requested()) {
                say(err, "stopped; no sheet was written");
                return TrainingRun.STOPPED;
            }
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageFiles.write(sheet, output);
        PrintWriter out = spec.commandLine().getOut();
        out.println(output);
        out.flush();
        return 0;
    }

    private static void say(PrintWriter err, String line) {
        synchronized (err) {
            err.println(Printable.escapedKeepingLines(line));
            err.flush();
        }
    }

    /** The centred square of the image, scaled to {@code side}. */
    static BufferedImage square(BufferedImage image, int side) {
        BufferedImage scaled = Resize.shortestSideTo(image, side);
        int x = (scaled.getWidth() - side) / 2;
        int y = (scaled.getHeight() - side) / 2;
        return scaled.getSubimage(x, y, side, side);
    }
}
