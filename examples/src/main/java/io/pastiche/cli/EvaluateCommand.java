package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.Style;
import io.pastiche.image.Resize;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.Model;
import io.pastiche.train.StyleEvaluation;
import io.pastiche.train.StyleEvaluation.Score;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche evaluate}: how well a model paints, in the training losses, on photos it was not trained on.
 * Prints a Markdown table: per style, the median over the photos of the pastiche's style loss relative to the
 * unstylized photo's (lower is more painting) and of the content loss (lower is more photo).
 */
@Command(name = "evaluate",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Measures a model on held-out photos with the training losses, and prints a Markdown table.",
                "",
                "For each photo and style: the style loss of the pastiche against the painting divided by that of "
                        + "the unstylized photo (below 1: the pastiche is nearer the painting's style than the photo"
                        + " is), and the content loss of the pastiche against the photo. The table gives medians "
                        + "over the photos; --per-photo prints every pair. Needs a backend that can train.",
                ""},
        footerHeading = "%nExample:%n",
        footer = {
                "  pastiche evaluate --styles paintings/ --vgg vgg19.safetensors held-out/"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Mixin
    private ModelOption model;

    @Mixin
    private Paintings paintings;

    @Parameters(paramLabel = "PHOTO", arity = "1..*",
            description = "Photos the model was not trained on: files, or folders of them.")
    private List<Path> inputs;

    @Option(names = "--vgg", paramLabel = "FILE", required = true,
            description = "VGG weights for the losses, as for 'pastiche train'.")
    private Path vgg;

    @ArgGroup(exclusive = false, heading = "%nLoss (as the model was trained):%n")
    private LossOptions loss = new LossOptions();

    @Option(names = "--style-size", paramLabel = "PIXELS", defaultValue = "0",
            description = "Scale each painting to this longest side first, as 'train --style-size' did. 0 keeps "
                    + "the paintings' own size. Default: ${DEFAULT-VALUE}.")
    private int styleSize;

    @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "256",
            description = "Scale each photo to this longest side, 16 to 2048. Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = "--per-photo", description = "Print every photo and style, not only the medians.")
    private boolean perPhoto;

    /** The engine must support training (the losses run through its training graph). */
    @Mixin
    private EngineOptions engine;

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        if (size < 16 || size > 2048) {
            throw new ParameterException(commandLine, "--size must be 16 to 2048, was " + size);
        }
        if (styleSize < 0) {
            throw new ParameterException(commandLine, "--style-size must be >= 0, was " + styleSize);
        }
        LossSpec lossSpec = loss.spec(commandLine);
        Model network = model.read();
        List<Path> paintingFiles = matchPaintings(network, paintings.resolve(commandLine));
        List<Path> photoFiles = Inputs.expand(inputs);
        LossNetwork lossNetwork = loss.read(vgg, lossSpec);
        List<BufferedImage> paintingImages = TrainingRun.readAll(paintingFiles, "paintings", image -> image);
        List<BufferedImage> photoImages = TrainingRun.readAll(photoFiles, "photos",
                image -> Resize.toFit(image, size));
        Map<String, BufferedImage> photos = new LinkedHashMap<>();
        for (int i = 0; i < photoFiles.size(); i++) {
            photos.put(photoFiles.get(i).getFileName().toString(), photoImages.get(i));
        }

        List<Score> scores = new StyleEvaluation(lossNetwork, lossSpec, styleSize,
                engine.loadOptions()).evaluate(network, paintingImages, photos);
        print(scores, network.styles(), photos.size());
        return 0;
    }

    /** The painting of each of the model's styles, found by style name. */
    private List<Path> matchPaintings(Model network, List<Paintings.Painting> given) {
        Map<String, Path> byName = new HashMap<>();
        given.forEach(p -> byName.put(p.style().name(), p.file()));
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Style style : network.styles()) {
            Path file = byName.remove(style.name());
            if (file == null) {
                missing.add(style.name());
            }
            files.add(file);
        }
        if (!missing.isEmpty()) {
            throw new CliException("no painting for the style" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " of " + model.describe() + "; give one painting per style "
                    + "with --styles, named after the style (or with --names)");
        }
        if (!byName.isEmpty()) {
            throw new CliException(model.describe() + " has no style " + String.join(", ", byName.keySet())
                    + "; " + StyleOptions.list(network.styles()));
        }
        return files;
    }

    private void print(List<Score> scores, List<Style> styles, int photoCount) {
        PrintWriter out = spec.commandLine().getOut();
        if (perPhoto) {
            out.println("| photo | style | style loss, relative to the photo's | content loss |");
            out.println("|---|---|---:|---:|");
            for (Score s : scores) {
                out.printf(Locale.ROOT, "| %s | %s | %.3f | %.4g |%n", Printable.escaped(s.photo().toString()),
                        Printable.escaped(s.style()), s.relativeStyleLoss(),
                        s.contentLoss());
            }
            out.println();
        }
        out.printf(Locale.ROOT, "Medians over %d photo%s:%n%n", photoCount, photoCount == 1 ? "" : "s");
        out.println("| style | style loss, relative to the photo's | content loss |");
        out.println("|---|---:|---:|");
        for (Style style : styles) {
            row(out, Printable.escaped(style.name()), scores, s -> s.style().equals(style.name()));
        }
        row(out, "**all**", scores, s -> true);
        out.flush();
    }

    private static void row(PrintWriter out, String label, List<Score> scores, Predicate<Score> which) {
        List<Score> chosen = scores.stream().filter(which).toList();
        out.printf(Locale.ROOT, "| %s | %.3f | %.4g |%n", label,
                median(chosen.stream().mapToDouble(Score::relativeStyleLoss).toArray()),
                median(chosen.stream().mapToDouble(Score::contentLoss).toArray()));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
