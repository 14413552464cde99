package io.pastiche.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** Runs the pastiche command line in-process, as {@code main} would, with stdout and stderr captured. */
final class Cli {

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(Object... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** Runs with the commands made by {@code factory}, for example with a listener of their own. */
    static Result run(CommandLine.IFactory factory, Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PasticheCli.commandLine(factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(strings);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /**
     * The shared development data ({@code ../shared/data} from the project root; surefire passes it as the system
     * property {@code pastiche.sharedData}), if it is here.
     */
    static Optional<Path> sharedData() {
        String property = System.getProperty("pastiche.sharedData");
        Path[] candidates = {
                property == null ? null : Path.of(property),
                Path.of("..", "..", "shared", "data"), // from examples/, where surefire runs
                Path.of("..", "shared", "data")};      // from the project root
        for (Path candidate : candidates) {
            if (candidate != null && Files.isDirectory(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }
}
