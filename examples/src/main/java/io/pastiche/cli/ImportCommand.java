package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.model.DType;
import io.pastiche.model.Model;
import io.pastiche.model.ModelFile;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;
import io.pastiche.tensorflow.magenta.MagentaImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche import}: turns a network trained with Magenta's {@code image_stylization} code (the paper's
 * released checkpoints, or a frozen graph, also 8-bit quantised) into a pastiche model file. See
 * docs/magenta-import.md.
 */
@Command(name = "import",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Imports a Magenta style transfer network into a pastiche model file.",
                "",
                "The paper's authors released N-style networks trained with Magenta's image_stylization code: "
                        + "TensorFlow checkpoints ('monet', 10 styles; 'varied', 32 styles) and frozen graphs "
                        + "for mobile, some with 8-bit weights. The architecture (layers, kernels, channels, "
                        + "number of styles) is read from the names and shapes. Uses TensorFlow.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  pastiche import --checkpoint model.ckpt --names monet-names.txt -o monet.safetensors",
                "  pastiche import --graph stylize_quantized.pb -o mobile.safetensors --f16"})
final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    static final class Source {
        @Option(names = "--checkpoint", paramLabel = "PREFIX", required = true,
                description = "A TensorFlow checkpoint: its prefix (model.ckpt for model.ckpt.index and "
                        + "model.ckpt.data-*), or the .index file.")
        Path checkpoint;

        @Option(names = "--graph", paramLabel = "FILE", required = true,
                description = "A frozen GraphDef (.pb) taking 'input' and the style weights and giving "
                        + "transformer/expand/conv3/conv/Sigmoid.")
        Path graph;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--names", paramLabel = "FILE",
            description = "The style names, one per line in the order of the network's styles (blank lines and "
                    + "lines starting with # are skipped). Default: style_0, style_1, ...")
    private Path names;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The model file to write, conventionally .safetensors.")
    private Path output;

    @Option(names = "--f16",
            description = "Write the model in half precision: half the size, indistinguishable pastiches. "
                    + "Default: float32.")
    private boolean f16;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
        OutputFile.checkReplaceable(output, "-o", "model file", force);
        Optional<List<String>> styleNames = names == null ? Optional.empty() : Optional.of(readNames(names));
        Model model;
        try {
            model = source.checkpoint != null
                    ? MagentaImport.fromCheckpoint(source.checkpoint, styleNames)
                    : MagentaImport.fromFrozenGraph(source.graph, styleNames);
        } catch (IllegalArgumentException e) {
            // The number of names does not match the network's styles.
            throw new CliException("--names " + names + ": " + e.getMessage());
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        DType dtype = f16 ? DType.F16 : DType.F32;
        ModelFile.write(model, output, dtype);

        NetworkSpec network = model.spec();
        long residual = NetworkPlan.of(network).layers().stream().filter(PlannedLayer::joins).count();
        int n = model.styles().size();
        boolean standard = network.equals(NetworkSpec.standard(model.alpha(), (int) residual));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s: %d style%s (%s), %s, %d convolutions, %d residual block%s, %,d "
                        + "convolution weights%s.%n", output, n, n == 1 ? "" : "s", Printable.escaped(summary(model)),
                standard ? "the paper's layout at alpha " + model.alpha()
                        : "a custom layout (first layer " + network.convolutions().get(0).outChannels()
                        + " channels, alpha noted as " + model.alpha() + ")",
                network.convolutions().size(), residual, residual == 1 ? "" : "s", network.weightCount(),
                dtype == DType.F16 ? ", half precision" : "");
        out.flush();
        return 0;
    }

    private static String summary(Model model) {
        List<String> all = model.styles().stream().map(s -> s.name()).toList();
        return all.size() <= 6 ? String.join(", ", all)
                : String.join(", ", all.subList(0, 5)) + ", ... " + all.get(all.size() - 1);
    }

    /** One name per line; blank lines and # comments skipped; the names checked as the other commands do. */
    private List<String> readNames(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        List<String> list = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                list.add(name);
            }
        }
        if (list.isEmpty()) {
            throw new CliException("--names " + file + " holds no names");
        }
        String problem = StyleNames.problem(list, "style name");
        if (problem != null) {
            throw new CliException("--names " + file + ": " + problem);
        }
        return list;
    }
}
