package io.pastiche.cli;

import io.pastiche.ImageFormatException;
import io.pastiche.LoadOptions;
import io.pastiche.Printable;
import io.pastiche.Rendering;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import io.pastiche.model.Model;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche stylize}: renders images in a style, or a mix of styles, of a model. The model is loaded once
 * for all images; an image that cannot be read is reported and skipped, and the exit code is then 1.
 *
 * <p>Everything that can be checked is checked before the engine starts: the inputs are listed once (so outputs
 * written among them are never taken as inputs), every output is named, and clashes (an output replacing an input,
 * two inputs writing one file, an existing file without {@code --force}, a name too long, a folder that cannot be
 * written) are refused. Ctrl-C, SIGTERM and SIGHUP stop it between two images ({@link StopOnInterrupt}).
 */
@Command(name = "stylize",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Renders images in a style, or a mix of styles, of a model; or each region of a mask in its own.",
                "",
                "Writes <input-name>_<style>.png for each input into the output folder (the current folder "
                        + "unless -o), or the one file -o names. Prints the files written on stdout; progress and "
                        + "errors go to stderr.",
                "",
                "Never replaces an input, nor an existing file without --force; every output is named and checked "
                        + "before any work. Ctrl-C stops between two images (exit 130).",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  pastiche stylize photo.jpg --style starry_night",
                "  pastiche stylize photo.jpg --style 0 -o pastiche.jpg",
                "  pastiche stylize photos/ -o out/ --mix starry_night=0.7,the_scream=0.3",
                "  pastiche stylize photos/ -o out/ --style the_scream --force",
                "  pastiche stylize photo.jpg --style great_wave --preserve-colors --strength 0.7",
                "  pastiche stylize big-photo.jpg --style starry_night --brush-scale 4",
                "  pastiche stylize photo.jpg --mask regions.png --region '#ff0000=starry_night' "
                        + "--region '#0000ff=the_scream=0.6,great_wave=0.4' --feather 24",
                "  pastiche stylize big.jpg -m my-styles.safetensors --style 2 --max-size 1024"})
final class StylizeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @ParentCommand
    private PasticheCli cli;

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Image files (JPEG, PNG, BMP), or folders: a folder stands for its .jpg, .jpeg, .png and "
                    + ".bmp files, sorted by name (not its subfolders).")
    private List<Path> inputs;

    @Mixin
    private ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private StyleOptions style;

    @Mixin
    private MaskOptions mask;

    @Option(names = "--normalize",
            description = "With --mix: divide the weights by their sum, so that they sum to 1. With --mask: the "
                    + "same for each pixel's weights.")
    private boolean normalize;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|FOLDER",
            description = {"A file ending in .png, .jpg, .jpeg or .bmp (one input image only), or a folder, "
                    + "created if missing; a trailing / always means a folder.",
                    "Default: the current folder."})
    private String output;

    @Option(names = "--format", paramLabel = "png|jpg",
            description = "The format of the files written into a folder. Default: png (lossless).")
    private Outputs.Format format;

    @Option(names = "--max-size", paramLabel = "PIXELS",
            description = "Scale each image down (high quality, keeping its aspect ratio) so that its longest "
                    + "side is at most PIXELS before stylizing; the output has the scaled size. Speed and memory "
                    + "grow with the number of pixels; brush strokes look larger on smaller images.")
    private Integer maxSize;

    @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySize.class,
            description = {"The memory one image may use, for example 2g or 512m. A picture that needs more is "
                    + "stylized in tiles that fit (the same result; feature maps that do not fit go to temporary "
                    + "files). Default: what the process can still have."})
    private Long memory;

    @Option(names = "--preserve-colors",
            description = "Keep the photo's own colours: the pastiche's brushwork and light with the photo's hues "
                    + "(its luminance only is stylized).")
    private boolean preserveColors;

    @Option(names = "--strength", paramLabel = "S",
            description = "How much of the style, from 0 (the photo) to 1 (the pastiche, the default): the "
                    + "pastiche blended with the photo, pixel by pixel.")
    private double strength = 1;

    @Option(names = "--brush-scale", paramLabel = "S",
            description = "Paint with strokes S times larger: stylize at 1/S of the size, then enlarge the result "
                    + "and give it back the photo's fine detail. For large photos, where the network's strokes "
                    + "shrink to fine texture; for example 4 for a 4000-pixel photo. Default: 1.")
    private double brushScale = 1;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--force", description = "Replace output files that exist. Inputs are never replaced.")
    private boolean force;

    @Option(names = "--no-progress", description = "No progress bar or lines when stylizing several images.")
    private boolean noProgress;

    /** Pixels above which a single picture gets a progress bar: it takes a minute or more on two cores. */
    static final long LARGE = 4096L * 4096L;

    /** Whether Ctrl-C may interrupt the stylizing thread now: only inside a call (its lock too). */
    private final boolean[] cancellable = new boolean[1];

    /** How long Ctrl-C waits for the image in progress: a large image on a slow CPU, and its file. */
    static final Duration WAIT = Duration.ofMinutes(2);

    /** The progress shown now, through which the Ctrl-C hook speaks; null before and after the images. */
    private volatile Progress progress;

    @Override
    public Integer call() throws IOException {
        checkUsage();
        Outputs outputs;
        try {
            outputs = Outputs.of(output, format, inputs.size() == 1 && !Files.isDirectory(inputs.get(0)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // Listed once, before anything is written: outputs written into an input folder are never inputs.
        List<Path> images = Inputs.expand(inputs);
        // The model, the style and every output are checked before the engine starts, which takes a few seconds.
        Model network = model.read();
        StyleOptions.Choice choice = style == null ? null
                : style.resolve(network.styles(), normalize, model.describe());
        MaskOptions.Choice regions = mask.file == null ? null
                : mask.resolve(network.styles(), normalize, model.describe());
        Map<Path, Path> plan = outputs.plan(images, choice != null ? choice.label() : regions.label(), force);
        if (regions != null) {
            checkShapes(regions, images);
        }
        List<Path> stale = outputs.prepare();

        PrintWriter err = spec.commandLine().getErr();
        if (cli.verbose() && !stale.isEmpty()) {
            err.println(Printable.escapedKeepingLines(Leftovers.describe(stale)));
        }
        long start = System.nanoTime();
        // The hook holds the JVM until the engine is closed: exiting while its native code runs crashes it.
        Thread worker = Thread.currentThread();
        try (StopOnInterrupt stop = new StopOnInterrupt(() -> cancel(worker), this::say, WAIT,
                "stopping after the current image (waiting up to %s)").install()) {
            int done;
            try (StyleNetwork styleNetwork = StyleNetwork.of(network, memory == null ? engine.loadOptions()
                    : engine.loadOptions().withMemoryBudget(memory))) {
                if (cli.verbose()) {
                    err.printf(Locale.ROOT, "loaded %s (%d styles, alpha %s) on backend %s in %s%n",
                            Printable.escaped(model.describe()), network.styles().size(), network.alpha(),
                            styleNetwork.backend(), seconds(start));
                    err.flush();
                }
                done = run(styleNetwork, choice, regions, plan, stop);
            }
            if (stop.requested() && done < plan.size()) {
                say("stopped after " + done + " of " + plan.size() + " image" + (plan.size() == 1 ? "" : "s")
                        + "; the files written are complete (listed on stdout)");
                return TrainingRun.STOPPED;
            }
        }
        return 0;
    }

    /** A line on stderr, above the progress bar if there is one; from any thread. */
    private void say(String line) {
        Progress current = progress;
        if (current != null) {
            current.report(line);
        } else {
            PrintWriter err = spec.commandLine().getErr();
            synchronized (err) {
                err.println(Printable.escapedKeepingLines(line));
                err.flush();
            }
        }
    }

    private void checkUsage() {
        String maskProblem = mask.usageProblem();
        if (maskProblem != null) {
            throw new ParameterException(spec.commandLine(), maskProblem);
        }
        if (style == null && mask.file == null) {
            throw new ParameterException(spec.commandLine(), "give a style: --style, --mix, or --mask with a "
                    + "--region per colour");
        }
        if (style != null && mask.file != null) {
            throw new ParameterException(spec.commandLine(), "--mask gives each region its style with --region; "
                    + "drop --style/--mix");
        }
        if (normalize && (style == null || style.mix == null) && mask.file == null) {
            throw new ParameterException(spec.commandLine(), "--normalize applies only to --mix or --mask");
        }
        if (style == null) {
            return; // --region terms are checked when the model's styles are known
        }
        String repeated = style.repeatedMixTerm();
        if (repeated != null) {
            throw new ParameterException(spec.commandLine(), "--mix names '" + repeated + "' twice");
        }
        if (normalize) {
            double sum = style.mix.terms().stream().mapToDouble(MixTerm::weight).sum();
            if (sum == 0 || !Double.isFinite(sum)) {
                throw new ParameterException(spec.commandLine(), "--normalize divides the weights by their sum, "
                        + "which is " + Numbers.exact(sum) + " here; give weights that do not sum to 0");
            }
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new ParameterException(spec.commandLine(), "--strength is from 0 (the photo) to 1 (the "
                    + "pastiche), was " + Numbers.exact(strength));
        }
        if (!(brushScale >= 1) || Double.isInfinite(brushScale)) {
            throw new ParameterException(spec.commandLine(), "--brush-scale is at least 1 (the network's own "
                    + "strokes), was " + Numbers.exact(brushScale));
        }
        if (maxSize != null && maxSize < 1) {
            throw new ParameterException(spec.commandLine(), "--max-size must be at least 1, was " + maxSize);
        }
    }

    /**
     * Stylizes the images of the plan, until done or until a stop is asked for.
     *
     * @return how many images were done (written or failed)
     */
    private int run(StyleNetwork network, StyleOptions.Choice choice, MaskOptions.Choice regions,
                    Map<Path, Path> plan, StopOnInterrupt stop) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean several = plan.size() > 1;
        List<Path> written = new ArrayList<>();
        int failed = 0;
        int done = 0;
        try (Progress shown = (several || large(plan.keySet())) && !noProgress
                ? Progress.bar("Stylizing", plan.size(), err) : Progress.none(err)) {
            progress = shown;
            for (Map.Entry<Path, Path> job : plan.entrySet()) {
                if (stop.requested()) {
                    break;
                }
                Path input = job.getKey();
                Path target = job.getValue();
                long start = System.nanoTime();
                try {
                    BufferedImage result = stylize(network, choice, regions, input, shown);
                    if (result == null) {
                        break; // stopped during a large picture: nothing written for it
                    }
                    ImageFiles.write(result, target);
                    written.add(target);
                    shown.done(input + " -> " + target + (cli.verbose() ? " (" + result.getWidth() + "x"
                            + result.getHeight() + ", " + seconds(start) + ")" : ""), cli.verbose());
                } catch (IOException | UncheckedIOException | ImageFormatException | CliException
                         | OutOfMemoryError e) {
                    // Only failures of this one image; a failing engine or a bug stops the run.
                    String message = about(input, target, ErrorHandler.describe(e));
                    if (!several) {
                        throw new CliException(message, e);
                    }
                    failed++;
                    shown.report("error: " + message);
                    shown.step();
                }
                done++;
            }
        } finally {
            progress = null;
            written.forEach(out::println);
            out.flush();
        }
        if (failed > 0) {
            throw new CliException(failed + " of " + done + " images failed (see above); " + written.size()
                    + (written.size() == 1 ? " was" : " were") + " written");
        }
        return done;
    }

    /**
     * Asks a large picture's call in progress to stop (Ctrl-C): it stops at its next tile. Only while the call
     * runs, so that the interrupt never reaches the file being written.
     */
    private void cancel(Thread worker) {
        synchronized (cancellable) {
            if (cancellable[0]) {
                worker.interrupt();
            }
        }
    }

    /** Refuses, before the engine starts, an input whose header says its shape is not the mask's either way up. */
    private static void checkShapes(MaskOptions.Choice regions, List<Path> images) {
        for (Path input : images) {
            Dimension size;
            try {
                size = ImageFiles.size(input);
            } catch (IOException | RuntimeException e) {
                continue; // an unreadable input fails later, with its own message
            }
            try {
                regions.checkShape(size.width, size.height);
            } catch (CliException e) {
                try {
                    // the header's size is as stored: an EXIF orientation may turn it upright later
                    regions.checkShape(size.height, size.width);
                } catch (CliException turned) {
                    throw new CliException(input + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Whether some input has more pixels than {@link #LARGE}, by its header: worth a bar of its own progress. */
    private static boolean large(Iterable<Path> inputs) {
        for (Path input : inputs) {
            try {
                Dimension size = ImageFiles.size(input);
                if ((long) size.width * size.height > LARGE) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable input fails later, with its own message
            }
        }
        return false;
    }

    /**
     * The image stylized; null if a stop was asked for while a large picture's tiles ran (the call then deleted its
     * temporary files and nothing is written for it).
     */
    private BufferedImage stylize(StyleNetwork network, StyleOptions.Choice choice, MaskOptions.Choice regions,
                                  Path input, Progress shown) throws IOException {
        BufferedImage image;
        if (maxSize != null) {
            image = Resize.toFit(ImageFiles.read(input), maxSize);
        } else {
            // The size is checked from the file's header, before a picture too large for the network is decoded.
            try {
                image = ImageFiles.read(input, LoadOptions.DEFAULT_MAX_PIXELS);
            } catch (ImageFormatException e) {
                if (e.getMessage().contains("more than the limit")) {
                    throw new CliException(e.getMessage() + " with --max-size, for example --max-size 2048");
                }
                throw e;
            }
        }
        int before = shown.count();
        synchronized (cancellable) {
            cancellable[0] = true;
        }
        try {
            DoubleConsumer fraction = done -> shown.partly(before, done);
            return new Rendering(strength, preserveColors, brushScale).render(network, image, painted ->
                    regions == null ? network.stylize(List.of(painted), choice.mix(), fraction).get(0)
                            : network.stylize(List.of(painted), regions.fit(painted.getWidth(), painted.getHeight()),
                                    fraction).get(0));
        } catch (CancellationException e) {
            return null;
        } finally {
            synchronized (cancellable) {
                cancellable[0] = false;
                Thread.interrupted(); // a Ctrl-C that came as the call ended must not reach the file's writing
            }
        }
    }

    /** The message, with the input's name in front unless it names the input or the output already. */
    private static String about(Path input, Path target, String message) {
        return message.contains(input.toString()) || message.contains(target.toAbsolutePath().toString())
                || message.contains(target.toString()) ? message : input + ": " + message;
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
