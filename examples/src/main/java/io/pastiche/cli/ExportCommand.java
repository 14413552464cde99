package io.pastiche.cli;

import io.pastiche.model.Model;
import io.pastiche.onnx.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche export}: writes a model as one ONNX graph that serves every style and every mix, for ONNX
 * Runtime on servers, phones and in browsers. No engine is loaded. See docs/export.md.
 */
@Command(name = "export",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Exports a model to ONNX, for ONNX Runtime and other ONNX engines.",
                "",
                "One graph for every style and every mix: input 'image' (float32 [batch, 3, height, width], RGB "
                        + "in [0, 1], any size) and 'style' (float32 [batch, N], one weight per style: one-hot "
                        + "for a style, other weights for a mix, used as given); output 'pastiche' (RGB in "
                        + "[0, 1], the input's size). ONNX operator set 17. See docs/export.md.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  pastiche export --onnx styles.onnx", "  pastiche export --onnx mine.onnx -m mine.safetensors"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Mixin
    private ModelOption model;

    @Option(names = "--onnx", paramLabel = "FILE", required = true,
            description = "The ONNX file to write, conventionally .onnx.")
    private Path onnx;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
        OutputFile.checkReplaceable(onnx, "--onnx", "ONNX file", force);
        Model network = model.read();
        Path parent = onnx.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            OnnxExport.write(network, onnx);
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot export " + model.describe() + ": " + e.getMessage(), e);
        }
        int n = network.styles().size();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes): %s as ONNX, operator set %d, %d style%s; inputs '%s' "
                        + "[batch, 3, height, width] in [0, 1] and '%s' [batch, %d], output '%s'.%n", onnx,
                Files.size(onnx), model.describe(), OnnxExport.OPSET, n, n == 1 ? "" : "s", OnnxExport.IMAGE,
                OnnxExport.STYLE, n, OnnxExport.PASTICHE);
        out.flush();
        return 0;
    }
}
