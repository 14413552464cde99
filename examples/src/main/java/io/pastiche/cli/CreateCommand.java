package io.pastiche.cli;

import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche create}: writes an untrained model, initialised as the paper's reference implementation does.
 * It is what the tool runs on until a trained model is at hand, and the starting point of training.
 */
@Command(name = "create",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Writes an untrained model, whose output is a texture.",
                "",
                "The paper's network with random weights N(0, 0.01), and gamma 1, beta 0 for every style.",
                "Its output is a texture, not a pastiche: an untrained network applies the same random filter "
                        + "whatever the style, so all its styles look alike. It lets you try 'pastiche stylize' "
                        + "before a trained model is at hand, and it is where training starts.",
                ""},
        footerHeading = "%nExample:%n",
        footer = "  pastiche create --styles starry_night,monet -o styles.safetensors")
final class CreateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--styles", paramLabel = "NAME", split = ",", required = true,
            description = "The names of the styles, comma-separated: letters, digits, '_', '-' or '.', not a "
                    + "number alone (that would read as an index).")
    private List<String> styles;

    @Option(names = "--alpha", paramLabel = "ALPHA", defaultValue = "1.0",
            description = "Width multiplier of the network's channels, in (0, 16]; 1 is the paper's network, "
                    + "0.25 is 16 times faster and smaller. Default: ${DEFAULT-VALUE}.")
    private double alpha;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the random weights; the same seed gives the same model. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The model file to write, conventionally .safetensors.")
    private Path output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
        checkUsage();
        OutputFile.checkReplaceable(output, "-o", "model file", force);
        NetworkSpec network = NetworkSpec.standard(alpha);
        Model model = Model.untrained(network, alpha, styles, seed);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ModelFile.write(model, output);

        long weights = network.convolutions().stream().mapToLong(ConvLayer::weightCount).sum();
        long cinChannels = network.convolutions().stream().mapToLong(ConvLayer::outChannels).sum();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s: an untrained network, %d style%s (%s), alpha %s, seed %d, %,d convolution weights "
                        + "and %,d parameters per style.%n", output, styles.size(), styles.size() == 1 ? "" : "s",
                String.join(", ", styles), alpha, seed, weights, 2 * cinChannels);
        out.println("Its output is a texture, not a pastiche, until it is trained.");
        out.flush();
        return 0;
    }

    private void checkUsage() {
        if (!(alpha > 0) || alpha > 16) {
            throw new ParameterException(spec.commandLine(), "--alpha must be in (0, 16], was " + alpha);
        }
        String problem = StyleNames.problem(styles, "style name");
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }
}
