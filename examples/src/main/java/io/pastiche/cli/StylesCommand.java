package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.Style;
import io.pastiche.model.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pastiche styles}: the styles of a model, one per line: index, name, painter. No engine is loaded. */
@Command(name = "styles",
        usageHelpAutoWidth = true,
        description = {
                "Lists the styles of a model, one per line: index, name and painter (if the model says).",
                "Use the index or the name with 'pastiche stylize --style' or '--mix'.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  pastiche styles", "  pastiche styles -m my-styles.safetensors"})
final class StylesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Mixin
    private ModelOption model;

    @Override
    public Integer call() throws IOException {
        Model network = model.read();
        List<Style> styles = network.styles();
        int indexWidth = String.valueOf(Math.max(0, styles.size() - 1)).length();
        // Names and painters come from the file: escaped, so that none can drive the terminal.
        int nameWidth = styles.stream().mapToInt(s -> Printable.escaped(s.name()).length()).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        for (Style style : styles) {
            String line = String.format("%" + indexWidth + "d  %-" + nameWidth + "s  %s", style.index(),
                    Printable.escaped(style.name()), Printable.escaped(style.painter()));
            out.println(line.stripTrailing());
        }
        out.flush();
        return 0;
    }
}
