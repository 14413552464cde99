package io.pastiche.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with this test's class path, to see from outside what a library prints to the
 * process's standard output and error (native code included, which no Java capture sees).
 */
public final class ChildJvm {

    /** What the child printed, and how it ended. */
    public record Output(int exit, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    /**
     * @param main        the class whose {@code main} to run
     * @param jvmOptions  options before the class name, for example {@code -Dkey=value}
     * @param environment variables added to this process's environment; a null value removes the variable
     */
    public static Output run(Class<?> main, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(main, jvmOptions, environment, 0);
    }

    /**
     * As {@link #run(Class, List, Map)}, with the child's address space limited ({@code ulimit -v}, in kilobytes;
     * 0 for none), so that native allocations fail as they do on a machine without the memory.
     */
    public static Output run(Class<?> main, List<String> jvmOptions, Map<String, String> environment,
            long addressSpaceKb) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pastiche-child-stdout", ".txt");
        Path err = Files.createTempFile("pastiche-child-stderr", ".txt");
        try {
            List<String> command = new ArrayList<>();
            if (addressSpaceKb > 0) {
                command.addAll(List.of("bash", "-c", "ulimit -v " + addressSpaceKb + " && exec \"$@\"", "bash"));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the child JVM running " + main.getName() + " did not end");
            }
            return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
