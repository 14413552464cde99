package io.pastiche.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code pastiche} command. Its subcommands do the work; this class holds what they share: the
 * {@code --verbose} switch, help and version, and (in {@link #commandLine()}) the one place where errors become
 * messages and exit codes.
 *
 * <p>Exit codes: 0 success; 1 a runtime failure (missing or unreadable file, corrupt model, unknown style, no
 * backend); 2 a usage error (unknown option, missing or conflicting arguments); 130 stopped by Ctrl-C (stylize
 * between two images; a training run with a checkpoint to resume from), 143 and 129 the same by SIGTERM and
 * SIGHUP: the JVM's status for a shutdown by a signal, 128 + its number.
 */
@Command(name = "pastiche",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
                "Artistic style transfer: one network, many painting styles (Dumoulin et al. 2017).",
                ""},
        subcommands = {StylizeCommand.class, StylesCommand.class, CreateCommand.class, TrainCommand.class,
                AddStyleCommand.class, ImportCommand.class, SheetCommand.class, EvaluateCommand.class,
                ExportCommand.class, ServeCommand.class, HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0    success",
                "  1    failure: a missing or unreadable file, a corrupt model, an unknown style, no backend, an",
                "       output that exists (without --force) or would replace an input",
                "  2    usage error: an unknown option, missing or conflicting arguments",
                "  130  stopped by Ctrl-C: stylize after the image in progress; train, add-style with a checkpoint",
                "  143  the same, stopped by SIGTERM; 129 by SIGHUP (128 + the signal's number)",
                "",
                "Run 'pastiche help COMMAND' for the options of a command."})
public final class PasticheCli implements Callable<Integer> {

    /** SLF4J-simple reads its level from this system property before its properties file. */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Spec
    private CommandSpec spec;

    private boolean verbose;

    /**
     * Accepted before or after the subcommand ({@code pastiche -v stylize ...} or {@code pastiche stylize -v ...}):
     * an inherited option sets this one field either way.
     */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Say more: timings, the backend used, library log messages at info level, and a stack "
                    + "trace with every error.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            // Parsing happens before any library logs, so slf4j-simple has not read its level yet.
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
        }
    }

    /**
     * Whether {@code --verbose} was given, before or after the subcommand.
     *
     * @return true if it was given
     */
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "no command given: use stylize, styles, create, train, add-style, sheet, evaluate, import or export");
    }

    /**
     * The command line with its error handling; tests run it in-process with their own out and err writers
     * ({@link CommandLine#setOut}, {@link CommandLine#setErr}).
     *
     * @return a new command line, its commands made by picocli's default factory
     */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line, its commands made by {@code factory} (tests give commands their own listeners). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        ErrorHandler errors = new ErrorHandler();
        return new CommandLine(new PasticheCli(), factory)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    /**
     * Runs the command line and exits the JVM with its exit code (see above). Sets {@code ai.djl.offline} and
     * {@code OPT_OUT_TRACKING} to {@code true} unless they are set already, so that nothing is downloaded or
     * reported at run time.
     *
     * @param args a subcommand and its options, for example {@code stylize photo.jpg --style the_scream}
     */
    public static void main(String[] args) {
        // The CLI never downloads anything at run time, however it is started (the ./pastiche script sets these
        // too): DJL would otherwise look for engine files online and report usage statistics.
        setDefault("ai.djl.offline", "true");
        setDefault("OPT_OUT_TRACKING", "true");
        System.exit(commandLine().execute(args));
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
