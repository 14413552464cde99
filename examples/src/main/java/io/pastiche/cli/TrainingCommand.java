package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.image.Resize;
import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.model.Model;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import io.pastiche.train.Trainer;
import io.pastiche.train.TrainingConfig;
import io.pastiche.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code train} and {@code add-style} share: their options (paintings, photos, VGG, losses, training
 * settings, checkpoint and samples) and their course. Everything that can be checked without reading images is
 * checked first (options, files, checkpoint, backend), then the VGG weights and every image are read once, then
 * the run starts.
 */
abstract class TrainingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @ParentCommand
    PasticheCli cli;

    @Mixin
    Paintings paintings;

    @Option(names = "--photos", paramLabel = "PHOTO", arity = "1..*", required = true,
            description = "The content photos trained on: image files, or folders of them (their .jpg, .jpeg, "
                    + ".png and .bmp files). Many varied photos generalise best; the paper used ImageNet.")
    List<Path> photos;

    @Option(names = "--vgg", paramLabel = "FILE", required = true,
            description = "VGG weights for the losses: a torchvision-layout safetensors file (features.N.weight, "
                    + "features.N.bias), as downloaded for torchvision's vgg19 or vgg16. Only the layers the "
                    + "losses use are read.")
    Path vgg;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The model file to write, conventionally .safetensors.")
    Path output;

    @ArgGroup(exclusive = false, heading = "%nLoss:%n", order = 1)
    LossOptions loss = new LossOptions();

    @ArgGroup(exclusive = false, heading = "%nTraining:%n", order = 2)
    TrainingSettings training = new TrainingSettings();

    @ArgGroup(exclusive = false, heading = "%nCheckpoints, samples, output and engine:%n", order = 3)
    RunOptions run = new RunOptions();

    private final Function<StopOnInterrupt, TrainingListener> extraListener;

    /** @param extraListener given the run's Ctrl-C hook, a listener to add (tests), or null */
    TrainingCommand(Function<StopOnInterrupt, TrainingListener> extraListener) {
        this.extraListener = extraListener;
    }

    /** Checks the command's own options; throws a ParameterException for a usage error. */
    abstract void checkUsage();

    /**
     * The model the run starts from, with every style it will hold (for the checks against a checkpoint).
     *
     * @param styles the paintings' styles, in order
     */
    abstract Model start(List<Paintings.Painting> styles) throws IOException;

    /** What makes the network of a resumed run the same, for the message when it is not. */
    abstract String sameNetworkHint();

    /** Trains: {@link Trainer#train} or {@link Trainer#addStyles}. */
    abstract Model train(Trainer trainer, Model start, List<Paintings.Painting> styles,
                         List<BufferedImage> paintingImages, List<BufferedImage> photoImages, Path checkpoint,
                         boolean resume) throws IOException;

    /**
     * The start of the plan, for example "training 2 styles (starry_night, monet)".
     *
     * @param names the new styles' names, comma-separated
     */
    abstract String planHeading(List<Paintings.Painting> styles, String names);

    @Override
    public final Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        LossSpec lossSpec = loss.spec(commandLine);
        TrainingConfig config = training.config(lossSpec, commandLine);
        checkUsage();

        List<Paintings.Painting> styles = paintings.resolve(commandLine);
        List<Path> photoFiles = Inputs.expand(photos);
        RunOptions.RunFiles files = run.files(output);
        Model start = start(styles);
        if (run.resume) {
            RunOptions.checkResumable(files.checkpoint(), start, sameNetworkHint());
        }
        BackendProvider backend = Backends.discover().choose(run.backend);

        PrintWriter err = commandLine.getErr();
        long time = System.nanoTime();
        LossNetwork lossNetwork = loss.read(vgg, lossSpec);
        if (cli.verbose()) {
            err.printf(Locale.ROOT, "read %s (%s up to %s) in %s%n", vgg, lossNetwork.spec().name(),
                    lossNetwork.spec().convolutions().get(lossNetwork.spec().convolutions().size() - 1).reluName(),
                    seconds(time));
            time = System.nanoTime();
        }
        List<BufferedImage> paintingImages = TrainingRun.readAll(
                styles.stream().map(Paintings.Painting::file).toList(), "paintings", UnaryOperator.identity());
        // Photos are scaled at once as the trainer would (shortest side crop + 2), so the originals need not stay
        // in memory: the same pixels, a fraction of the memory.
        int side = config.cropSize() + 2;
        List<BufferedImage> photoImages = TrainingRun.readAll(photoFiles, "photos",
                image -> Resize.shortestSideTo(image, side));
        if (cli.verbose()) {
            err.printf(Locale.ROOT, "read %d paintings and %d photos in %s%n", paintingImages.size(),
                    photoImages.size(), seconds(time));
        }
        plan(start, styles, photoFiles.size(), config, backend.name(), files);

        return new TrainingRun(commandLine, cli.verbose(), run, extraListener).run(config, lossNetwork,
                backend.name(), files, trainer -> train(trainer, start, styles, paintingImages, photoImages,
                        files.checkpoint(), run.resume));
    }

    /** Says what the run does and where it writes, on stderr, before the first step. */
    private void plan(Model start, List<Paintings.Painting> styles, int photoCount, TrainingConfig config,
                      String backend, RunOptions.RunFiles files) {
        PrintWriter err = spec.commandLine().getErr();
        StringJoiner names = new StringJoiner(", ");
        for (Paintings.Painting painting : styles) {
            names.add(painting.style().name());
        }
        LossSpec lossSpec = config.loss();
        StringJoiner styleLayers = new StringJoiner(", ");
        for (Map.Entry<String, Double> layer : lossSpec.styleWeights().entrySet()) {
            styleLayers.add(layer.getKey() + " x" + number(layer.getValue()));
        }
        err.printf(Locale.ROOT, "%s on %d photo%s, alpha %s, on %s%s%n",
                Printable.escaped(planHeading(styles, names.toString())),
                photoCount, photoCount == 1 ? "" : "s", number(start.alpha()), backend,
                run.resume ? ", resuming " + files.checkpoint() : "");
        err.printf(Locale.ROOT, "%d steps of %d crops of %d pixels, learning rate %s; loss %s (%s pooling): content "
                        + "%s x%s, style %s%s%n", config.steps(), config.batchSize(), config.cropSize(),
                number(config.learningRate()), loss.arch, loss.pooling, lossSpec.contentLayer(),
                number(lossSpec.contentWeight()), styleLayers,
                lossSpec.totalVariationWeight() > 0 ? ", tv x" + number(lossSpec.totalVariationWeight()) : "");
        err.println("checkpoint: " + files.checkpoint() + " " + every(config.checkpointEvery()) + " (Ctrl-C stops "
                + "with a checkpoint; --resume continues)");
        if (config.sampleEvery() > 0) {
            err.println("samples: " + files.samples() + File.separator + " " + every(config.sampleEvery()));
        }
        err.flush();
    }

    private static String every(int steps) {
        return steps == 1 ? "every step" : "every " + steps + " steps";
    }

    /** Exactly as given: --lr 1e30 is 1e30, not a rounded or mangled form. */
    private static String number(double value) {
        return Numbers.exact(value);
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
