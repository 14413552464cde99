package io.pastiche.cli;

import io.pastiche.loss.LossSpec;
import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggSpec;
import io.pastiche.lossnet.VggWeightsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The loss network and the losses of a training run: which VGG, which of its features the content and style
 * losses compare, and their weights. The defaults are core's: {@link LossSpec#vgg19} at style weight 1e-4 for
 * VGG-19, the paper's {@link LossSpec#paperVgg16} for VGG-16.
 */
final class LossOptions {

    /** The VGG architectures {@code --vgg-arch} offers. */
    enum Arch {
        vgg19, vgg16;

        VggSpec spec() {
            return this == vgg19 ? VggSpec.vgg19() : VggSpec.vgg16();
        }

        /** The default losses of this architecture, at the given style weight per layer. */
        LossSpec defaults(double styleWeight) {
            LossSpec spec = this == vgg19 ? LossSpec.vgg19(1e-4) : LossSpec.paperVgg16();
            Map<String, Double> style = new LinkedHashMap<>();
            spec.styleWeights().keySet().forEach(layer -> style.put(layer, styleWeight));
            return new LossSpec(spec.contentLayer(), spec.contentWeight(), style, spec.totalVariationWeight());
        }
    }

    /** The poolings {@code --pooling} offers. */
    enum PoolingChoice {
        avg(Pooling.AVERAGE), max(Pooling.MAX);

        final Pooling pooling;

        PoolingChoice(Pooling pooling) {
            this.pooling = pooling;
        }
    }

    @Option(names = "--vgg-arch", paramLabel = "vgg19|vgg16",
            description = "The architecture of the --vgg file. Default: ${DEFAULT-VALUE}.")
    Arch arch = Arch.vgg19;

    @Option(names = "--pooling", paramLabel = "avg|max",
            description = "The loss network's pooling: avg replaces VGG's max pooling by average pooling, as the "
                    + "paper does. Default: ${DEFAULT-VALUE}.")
    PoolingChoice pooling = PoolingChoice.avg;

    @Option(names = "--content-layer", paramLabel = "LAYER",
            description = "The VGG feature the content loss compares. Default: relu3_1 (vgg19), relu3_3 (vgg16).")
    String contentLayer;

    @Option(names = "--content-weight", paramLabel = "W",
            description = "The weight of the content loss. Default: 1.")
    double contentWeight = 1.0;

    @Option(names = "--style-layers", paramLabel = "LAYER[=W]", split = ",",
            description = {"The VGG features the style loss compares, comma-separated, each with its own weight "
                    + "if =W is given (else --style-weight).",
                    "Default: relu1_1,relu2_1,relu3_1,relu4_1 (vgg19); relu1_2,relu2_2,relu3_3,relu4_3 (vgg16)."})
    List<String> styleLayers;

    @Option(names = "--style-weight", paramLabel = "W",
            description = "The weight of each style layer's loss; higher gives more painting, less photo. "
                    + "Default: 1e-4.")
    double styleWeight = 1e-4;

    @Option(names = "--tv-weight", paramLabel = "W",
            description = "The weight of a total variation loss, which smooths the pastiche; 0 (the paper's) "
                    + "leaves it out. Default: 0.")
    double tvWeight = 0;

    /**
     * The loss spec the options describe.
     *
     * @throws ParameterException for a negative or malformed weight, or a layer given twice
     * @throws CliException       for a layer the architecture does not have (the message lists those it has)
     */
    LossSpec spec(CommandLine commandLine) {
        checkWeight(commandLine, "--content-weight", contentWeight);
        checkWeight(commandLine, "--style-weight", styleWeight);
        checkWeight(commandLine, "--tv-weight", tvWeight);
        LossSpec defaults = arch.defaults(styleWeight);
        Map<String, Double> style = new LinkedHashMap<>();
        if (styleLayers == null) {
            style.putAll(defaults.styleWeights());
        } else {
            for (String term : styleLayers) {
                int equals = term.indexOf('=');
                String layer = (equals < 0 ? term : term.substring(0, equals)).strip();
                double weight = styleWeight;
                if (equals >= 0) {
                    String value = term.substring(equals + 1).strip();
                    try {
                        weight = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new ParameterException(commandLine, "--style-layers " + term + ": '" + value
                                + "' is not a number");
                    }
                    checkWeight(commandLine, "--style-layers " + layer, weight);
                }
                if (layer.isEmpty()) {
                    throw new ParameterException(commandLine, "--style-layers has an empty layer name");
                }
                if (style.put(layer, weight) != null) {
                    throw new ParameterException(commandLine, "--style-layers names " + layer + " twice");
                }
            }
        }
        String content = contentLayer == null ? defaults.contentLayer() : contentLayer.strip();
        LossSpec spec = new LossSpec(content, contentWeight, style, tvWeight);
        layers(spec); // an unknown layer fails here, before any file is read
        return spec;
    }

    /**
     * The part of the architecture the losses need: up to their deepest feature. Only its weights are read, so
     * a file holding just those (or a whole VGG) will do.
     *
     * @throws CliException for a feature the architecture does not have, listing those it has
     */
    VggSpec layers(LossSpec spec) {
        VggSpec full = arch.spec();
        try {
            return new VggSpec(full.name(), full.layersUpTo(spec.features()));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage() + " (--content-layer, --style-layers)", e);
        }
    }

    /**
     * Reads the loss network's weights from a torchvision-layout file, as far as the losses need them.
     *
     * @throws NoSuchFileException              if there is no such file
     * @throws io.pastiche.ModelFormatException if a tensor is missing or of the wrong shape (the message names it)
     */
    LossNetwork read(Path file, LossSpec spec) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new CliException("--vgg " + file + " is a folder; give the VGG weights file (.safetensors)");
        }
        return VggWeightsFile.read(file, layers(spec), pooling.pooling, InputNormalization.TORCHVISION);
    }

    private static void checkWeight(CommandLine commandLine, String option, double weight) {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new ParameterException(commandLine, option + " must be a finite number >= 0, was " + weight);
        }
    }
}
