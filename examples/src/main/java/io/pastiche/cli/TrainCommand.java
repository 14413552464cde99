package io.pastiche.cli;

import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.train.Trainer;
import io.pastiche.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code pastiche train}: trains a new network on N paintings, every weight of it (Dumoulin et al. 2017: one
 * network, each style its own gamma/beta). See {@link TrainingCommand} for what it shares with {@code add-style}.
 */
@Command(name = "train",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Trains a new model on paintings: one network for all of them, each painting a style.",
                "",
                "The network learns from crops of the photos, each step drawing a painting at random for each "
                        + "photo; the losses compare VGG features of the pastiche with the photo's (content) and "
                        + "the painting's (style). A checkpoint is written every --checkpoint-every steps and on "
                        + "Ctrl-C; --resume continues from it exactly. The defaults are the paper's: 40,000 steps "
                        + "of 16 crops of 256 pixels, hours to days on a CPU; try --alpha 0.25 --crop 128 --batch 4 "
                        + "first.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  pastiche train --styles paintings/ --photos photos/ \\",
                "      --vgg vgg19.safetensors -o styles.safetensors",
                "  pastiche train --styles starry.jpg scream.jpg \\",
                "      --names starry_night,the_scream --style-info paintings.txt \\",
                "      --photos photos/ --vgg vgg19.safetensors --alpha 0.25 \\",
                "      --steps 4000 --batch 4 --crop 128 -o small.safetensors",
                "  (after Ctrl-C: the same command with --resume)",
                "",
                "Exit codes: 0 the model is written; 1 failure (for example the loss became",
                "NaN: lower --lr or --style-weight); 2 usage error; 130 stopped by Ctrl-C,",
                "with a checkpoint to resume from."})
final class TrainCommand extends TrainingCommand {

    @Option(names = "--alpha", paramLabel = "ALPHA", defaultValue = "1.0",
            description = "Width multiplier of the new network's channels, in (0, 16]; 1 is the paper's network, "
                    + "0.25 trains and runs about 16 times faster. Default: ${DEFAULT-VALUE}.")
    double alpha;

    TrainCommand() {
        this(null);
    }

    /** @param extraListener given the run's Ctrl-C hook, a listener to add (tests), or null */
    TrainCommand(Function<StopOnInterrupt, TrainingListener> extraListener) {
        super(extraListener);
    }

    @Override
    void checkUsage() {
        if (!(alpha > 0) || alpha > 16) {
            throw new ParameterException(spec.commandLine(), "--alpha must be in (0, 16], was " + alpha);
        }
    }

    @Override
    Model start(List<Paintings.Painting> paintings) {
        List<String> names = paintings.stream().map(p -> p.style().name()).toList();
        Model untrained = Model.untrained(NetworkSpec.standard(alpha), alpha, names, training.seed);
        List<Style> styles = new ArrayList<>();
        for (int i = 0; i < paintings.size(); i++) {
            Style style = paintings.get(i).style();
            styles.add(new Style(i, style.name(), style.painter(), style.source()));
        }
        return new Model(untrained.spec(), alpha, untrained.weights(), untrained.cin(), styles);
    }

    @Override
    String sameNetworkHint() {
        return "--alpha";
    }

    @Override
    String planHeading(List<Paintings.Painting> styles, String names) {
        return "training " + styles.size() + " style" + (styles.size() == 1 ? "" : "s") + " (" + names + ")";
    }

    @Override
    Model train(Trainer trainer, Model start, List<Paintings.Painting> styles, List<BufferedImage> paintingImages,
                List<BufferedImage> photoImages, Path checkpoint, boolean resume) throws IOException {
        return trainer.train(start, paintingImages, photoImages, checkpoint, resume);
    }
}
