package io.pastiche.cli;

import io.pastiche.PasticheException;
import io.pastiche.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become what the user sees: a line or two on stderr naming the problem and what to
 * do, and the exit code (1 for runtime failures, 2 for usage errors). Stack traces only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** A runtime failure of a command: exit code 1. */
    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (verbose(commandLine)) {
            failure.printStackTrace(err);
        }
        // Messages quote names from files (styles, painters): escaped, so that none can drive the terminal.
        err.println(commandLine.getColorScheme().errorText("error: ") + Printable.escapedKeepingLines(describe(failure)));
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }

    /** A usage error found by picocli or by a command's own checks: exit code 2, with a pointer to the help. */
    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine commandLine = failure.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (verbose(commandLine)) {
            failure.printStackTrace(err);
        }
        String message = String.valueOf(failure.getMessage());
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length()); // picocli's wording for conflicting options
        }
        if (message.startsWith("expected only one match")) {
            // An option of an option group given twice: picocli lists both groups' matches; name the option.
            String repeated = repeatedOption(commandLine, args);
            if (repeated != null) {
                message = "option '" + repeated + "' should be specified only once";
            }
        }
        err.println(commandLine.getColorScheme().errorText("error: ") + Printable.escapedKeepingLines(message));
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The first single-valued option of the command given more than once in {@code args}, or null. */
    private static String repeatedOption(CommandLine commandLine, String[] args) {
        Set<OptionSpec> seen = new HashSet<>();
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                continue;
            }
            int equals = arg.indexOf('=');
            OptionSpec option = commandLine.getCommandSpec().findOption(equals < 0 ? arg : arg.substring(0, equals));
            if (option != null && !option.isMultiValue() && !seen.add(option)) {
                return option.longestName();
            }
        }
        return null;
    }

    /**
     * What went wrong, in words a person can act on. pastiche's own exceptions already say so; file system
     * exceptions carry only the path, so they get a sentence around it.
     */
    static String describe(Throwable failure) {
        if (failure instanceof UncheckedIOException && failure.getCause() != null) {
            return describe(failure.getCause());
        }
        if (failure instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (failure instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (failure instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        if (failure instanceof NotDirectoryException e) {
            return "not a folder: " + e.getFile();
        }
        if (failure instanceof FileSystemException e) {
            String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            return e.getFile() == null ? reason : e.getFile() + ": " + reason;
        }
        if (failure instanceof CliException || failure instanceof PasticheException) {
            return failure.getMessage();
        }
        if (failure instanceof IOException) {
            return failure.getMessage() == null ? failure.toString() : failure.getMessage();
        }
        if (failure instanceof OutOfMemoryError) {
            return "out of memory: scale the images down with --max-size, or give Java more memory "
                    + "(PASTICHE_OPTS=-Xmx8g ./pastiche ...)";
        }
        return "unexpected " + failure + "\n(this is probably a bug: run with --verbose for the stack trace and "
                + "report it)";
    }

    private static boolean verbose(CommandLine commandLine) {
        for (CommandLine c = commandLine; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof PasticheCli cli) {
                return cli.verbose();
            }
        }
        return false;
    }
}
