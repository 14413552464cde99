package io.pastiche.cli;

import io.pastiche.Style;
import io.pastiche.model.Model;
import io.pastiche.train.Trainer;
import io.pastiche.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pastiche add-style}: adds paintings to a trained model by training only their gamma/beta (the paper's
 * fine-tuning): every convolution and every existing style of the base stay bit for bit as they are.
 */
@Command(name = "add-style",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Adds styles to a trained model: trains only the new paintings' gamma/beta.",
                "",
                "The base model's convolutions and styles are kept exactly; each new style is 3,206 numbers "
                        + "(at alpha 1), so it learns in far fewer steps than a new model, from the same kind of "
                        + "photos. Writes the base's styles followed by the new ones to -o. Checkpoints, --resume "
                        + "and Ctrl-C work as for 'pastiche train'.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  pastiche add-style -m styles.safetensors \\",
                "      --styles hokusai_great_wave.jpg --photos photos/ \\",
                "      --vgg vgg19.safetensors --steps 2000 -o more-styles.safetensors",
                "",
                "Exit codes: 0 the model is written; 1 failure; 2 usage error; 130 stopped",
                "by Ctrl-C, with a checkpoint to resume from."})
final class AddStyleCommand extends TrainingCommand {

    @Mixin
    private ModelOption model;

    private Model base;

    AddStyleCommand() {
        this(null);
    }

    /** @param extraListener given the run's Ctrl-C hook, a listener to add (tests), or null */
    AddStyleCommand(Function<StopOnInterrupt, TrainingListener> extraListener) {
        super(extraListener);
    }

    @Override
    void checkUsage() {
    }

    @Option(names = "--replace",
            description = "A painting named like a style of the base retrains that style afresh (from gamma 1, "
                    + "beta 0; for example with another --style-weight): the old style is removed and the new one "
                    + "added at the end. Everything else stays bit for bit.")
    private boolean replace;

    @Override
    Model start(List<Paintings.Painting> paintings) throws IOException {
        base = model.read();
        if (replace) {
            for (Paintings.Painting painting : paintings) {
                if (base.styles().stream().anyMatch(s -> s.name().equals(painting.style().name()))) {
                    base = base.withoutStyle(painting.style().name());
                }
            }
        }
        List<Style> styles = new ArrayList<>(base.styles());
        for (Paintings.Painting painting : paintings) {
            Style style = painting.style();
            for (Style existing : base.styles()) {
                if (existing.name().equals(style.name())) {
                    throw new CliException(model.describe() + " already has a style '" + style.name() + "' (index "
                            + existing.index() + "); give the new one another name with --names, or retrain "
                            + "that style with --replace");
                }
            }
            styles.add(new Style(styles.size(), style.name(), style.painter(), style.source()));
        }
        return new Model(base.spec(), base.alpha(), base.weights(),
                base.cin().withIdentityStyles(paintings.size()), styles);
    }

    @Override
    String sameNetworkHint() {
        return "base model (--model)";
    }

    @Override
    String planHeading(List<Paintings.Painting> styles, String names) {
        return "adding " + styles.size() + " style" + (styles.size() == 1 ? "" : "s") + " (" + names + ") to the "
                + base.styles().size() + " of " + model.describe() + ",";
    }

    @Override
    Model train(Trainer trainer, Model start, List<Paintings.Painting> styles, List<BufferedImage> paintingImages,
                List<BufferedImage> photoImages, Path checkpoint, boolean resume) throws IOException {
        return trainer.addStyles(base, styles.stream().map(Paintings.Painting::style).toList(), paintingImages,
                photoImages, checkpoint, resume);
    }
}
