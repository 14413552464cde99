package io.pastiche.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A measurement in a JVM of its own (this JVM's class path, the environment of {@link EndToEnd#childEnvironment},
 * DJL offline): a fresh engine, and peaks and first calls that belong to that one measurement. The child prints its
 * results as lines that start with a prefix; every other line it prints goes to this JVM's stderr.
 */
final class MeasuringJvm {

    /**
     * What the child printed and how it ended.
     *
     * @param results  its result lines (those that start with the prefix), whole, in order; those printed before
     *                 the time limit if it timed out
     * @param timedOut true if it was killed at the time limit
     * @param exitCode its exit code; -1 if it timed out
     */
    record Outcome(List<String> results, boolean timedOut, int exitCode) {
    }

    private MeasuringJvm() {
    }

    /**
     * Runs {@code main} with {@code args} in a new JVM and waits for it.
     *
     * @param jvmOptions     options for the child JVM, before its class path
     * @param options        the end-to-end options whose thread count goes into the child's environment
     * @param prefix         what the child's result lines start with
     * @param timeoutMinutes the child is killed after this long
     * @throws IOException if the JVM cannot be started, or this thread is interrupted (the child is killed)
     */
    static Outcome run(List<String> jvmOptions, EndToEnd.Options options, Class<?> main, List<String> args,
                       String prefix, int timeoutMinutes) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        EndToEnd.childEnvironment(builder.environment(), options);
        Process process = builder.start();
        List<String> results = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            // A reader thread, so that the time limit applies even if the child hangs without printing.
            Thread drain = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith(prefix)) {
                            synchronized (results) {
                                results.add(line);
                            }
                        } else {
                            System.err.println(line); // engines that print on stdout
                        }
                    }
                } catch (IOException e) {
                    // the child ended
                }
            }, "measuring-jvm-" + main.getSimpleName());
            drain.setDaemon(true);
            drain.start();
            boolean ended = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            } else {
                drain.join(10_000);
            }
            synchronized (results) {
                return new Outcome(List.copyOf(results), !ended, ended ? process.exitValue() : -1);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
