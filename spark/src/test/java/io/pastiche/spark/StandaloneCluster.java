package io.pastiche.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine for the tests: a master and workers of one core each, on 127.0.0.1, in
 * child JVMs of this test's class path (no Spark distribution, nothing downloaded). The workers start each
 * application's executors from the class path the driver gives them ({@link #driverConf()}); here, the same one.
 * Everything lives in a temporary folder (logs, the workers' folders, a {@code SPARK_HOME} with an empty
 * {@code jars/}), deleted by {@link #close()}, which also ends every process, as a shutdown hook does if the test
 * JVM ends first.
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
 *     // a driver with master cluster.masterUrl() and the configuration cluster.driverConf()
 * }
 * }</pre>
 */
final class StandaloneCluster implements AutoCloseable {

    /** How long the master and the workers have to start and register. */
    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** How long a process has to end once asked (SIGTERM) before it is killed. */
    private static final Duration STOP = Duration.ofSeconds(10);

    private static final Pattern MASTER_URL =
            Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern REGISTERED = Pattern.compile("Registering worker ");

    /**
     * The master's and the workers' logging: their progress (org.apache.spark.deploy) at INFO, which the waits
     * read; the rest at WARN, as in the test's log4j2-test.properties, which they would find on the class path and
     * which hides that progress. Their executors use that one.
     */
    private static final String LOG4J = """
            rootLogger.level = warn
            rootLogger.appenderRef.stderr.ref = stderr
            appender.stderr.type = Console
            appender.stderr.name = stderr
            appender.stderr.target = SYSTEM_ERR
            appender.stderr.layout.type = PatternLayout
            appender.stderr.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n
            logger.deploy.name = org.apache.spark.deploy
            logger.deploy.level = info
            """;

    private final Path dir;
    private final List<Process> workers = new CopyOnWriteArrayList<>();
    private final Thread hook = new Thread(this::stopAndDelete, "spark-cluster-stop");
    /** The master's and the workers' JVM options, Spark's aside. */
    private List<String> options;
    private Process master;
    private String masterUrl;
    /** How many times a worker registered with the master (a worker started again registers again). */
    private int registrations;
    private boolean stopped;

    private StandaloneCluster(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a master and workers of one core and 2 GB each, and waits until every worker has registered.
     *
     * @param workers how many
     * @return the cluster, to be closed
     * @throws IllegalStateException if it does not start in 60 s, with the processes' logs
     */
    static StandaloneCluster start(int workers) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(Files.createTempDirectory("pastiche-spark-cluster"));
        try {
            cluster.startAll(workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(int count) throws IOException, InterruptedException {
        Path log4j = Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
        Files.createDirectories(dir.resolve("spark-home/jars"));
        options = List.of("-Xmx256m", "-Dlog4j2.configurationFile=" + log4j.toUri(), "-Djava.io.tmpdir=" + tmp());
        long deadline = System.nanoTime() + STARTUP.toNanos();

        // the REST submission server would take a fixed port (6066); no test submits through it
        List<String> masterOptions = new ArrayList<>(options);
        masterOptions.add("-Dspark.master.rest.enabled=false");
        master = launch("master", javaCommand(masterOptions, "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0")), Map.of());
        await(deadline, "the master's URL", () -> MASTER_URL.matcher(log("master")).find());
        Matcher url = MASTER_URL.matcher(log("master"));
        masterUrl = url.find() ? url.group(1) : null;
        await(deadline, "the master's election", () -> log("master").contains("I have been elected leader"));

        for (int i = 0; i < count; i++) {
            workers.add(launchWorker(i));
        }
        registrations = count;
        await(deadline, count + " workers registered",
                () -> REGISTERED.matcher(log("master")).results().count() >= registrations);
    }

    private Process launchWorker(int i) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work" + i));
        // The worker builds an executor's class path from SPARK_HOME/jars/* (empty here) and the driver's
        // spark.executor.extraClassPath; without SPARK_HOME and the Scala version, its launcher looks for a Spark
        // build ("Cannot find any build directories"). Executors write their blocks under the local dir.
        return launch("worker" + i, javaCommand(options, "org.apache.spark.deploy.worker.Worker",
                        List.of("--host", "127.0.0.1", "--webui-port", "0", "--cores", "1", "--memory", "2g",
                                "--work-dir", work.toString(), masterUrl)),
                Map.of("SPARK_HOME", dir.resolve("spark-home").toString(), "SPARK_SCALA_VERSION", "2.13",
                        "SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("local" + i)).toString()));
    }

    /** A child JVM's command: Spark's JVM options, then these, this test's class path, the class, its arguments. */
    static List<String> javaCommand(List<String> options, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sparkJvmFlags());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /** The options Spark's launcher gives its JVMs: spark/pom.xml's spark.jvm.flags, which surefire passes on. */
    private static List<String> sparkJvmFlags() {
        String flags = System.getProperty("pastiche.sparkJvmFlags");
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException("the system property pastiche.sparkJvmFlags is not set: surefire sets "
                    + "it from spark.jvm.flags in spark/pom.xml; elsewhere, give it the same options");
        }
        return List.of(flags.trim().split("\\s+"));
    }

    private Process launch(String name, List<String> command, Map<String, String> environment) throws IOException {
        // appended to: a worker started again goes on with its log
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        // on the loopback interface only, as the test's own JVM (surefire sets it for that one)
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Waits for a condition, failing with every log if a process ends or the time is up. */
    private void await(long deadline, String what, BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            List<Process> all = processes();
            for (int i = 0; i < all.size(); i++) {
                if (!all.get(i).isAlive()) {
                    throw new IllegalStateException("the Spark " + (i == 0 ? "master" : "worker" + (i - 1))
                            + " ended (exit " + all.get(i).exitValue() + ") before " + what + "\n" + logs());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + STARTUP.toSeconds() + " s, still waiting for " + what + "\n"
                        + logs());
            }
            Thread.sleep(100);
        }
    }

    /**
     * The master's URL.
     *
     * @return {@code spark://127.0.0.1:PORT}
     */
    String masterUrl() {
        return masterUrl;
    }

    /**
     * What a driver of this cluster sets: the executors' class path (everything is on this machine: the test's
     * own), their memory (the workers have 2 GB; the default 1 GB is said, not assumed), their temporary folder.
     *
     * @return Spark's configuration keys and values
     */
    Map<String, String> driverConf() throws IOException {
        return Map.of("spark.executor.extraClassPath", System.getProperty("java.class.path"),
                "spark.executor.memory", "1g",
                // what the natives (lz4, snappy) unpack, in the cluster's folder: a killed executor leaves them
                "spark.executor.extraJavaOptions", "-Djava.io.tmpdir=" + tmp());
    }

    /** The processes' temporary folder, inside the cluster's. */
    private Path tmp() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    /**
     * The executors a worker has started for an application, by their folder in its work dir.
     *
     * @param worker the worker's index, from 0
     * @param appId  the application's id
     * @return the executors' ids
     */
    Set<String> executors(int worker, String appId) {
        Set<String> ids = new TreeSet<>();
        Path app = dir.resolve("work" + worker).resolve(appId);
        if (Files.isDirectory(app)) {
            try (Stream<Path> list = Files.list(app)) {
                list.filter(Files::isDirectory).forEach(p -> ids.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    /**
     * Kills a worker and its executors at once (SIGKILL), as a machine lost would: no goodbye to the master or
     * the driver.
     *
     * @param worker the worker's index, from 0
     */
    void killWorker(int worker) {
        Process process = workers.get(worker);
        // the executors first: once the worker is gone, they are orphans, no longer among its descendants
        List<ProcessHandle> executors = process.descendants().toList();
        executors.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        for (ProcessHandle handle : executors) {
            awaitExit(handle, STOP);
        }
        awaitExit(process.toHandle(), STOP);
    }

    /**
     * Starts a killed worker again, for the tests after the one that killed it, and waits until it registered.
     *
     * @param worker the worker's index, from 0
     */
    void restartWorker(int worker) throws IOException, InterruptedException {
        if (workers.get(worker).isAlive()) {
            throw new IllegalStateException("worker" + worker + " runs");
        }
        workers.set(worker, launchWorker(worker));
        registrations++;
        await(System.nanoTime() + STARTUP.toNanos(), "worker" + worker + " registered again",
                () -> REGISTERED.matcher(log("master")).results().count() >= registrations);
    }

    /** The logs of the master, the workers and their executors (the last 20,000 characters of each): for a failure. */
    String logs() {
        List<Path> logs = new ArrayList<>(List.of(dir.resolve("master.log")));
        for (int i = 0; i < workers.size(); i++) {
            logs.add(dir.resolve("worker" + i + ".log"));
            try (Stream<Path> walk = Files.walk(dir.resolve("work" + i))) {
                walk.filter(p -> p.getFileName().toString().equals("stderr")).sorted().forEach(logs::add);
            } catch (IOException | UncheckedIOException e) {
                // no executor yet
            }
        }
        StringBuilder text = new StringBuilder();
        for (Path log : logs) {
            String content = read(log);
            text.append("----- ").append(dir.relativize(log)).append(" -----\n")
                    .append(content, Math.max(0, content.length() - 20_000), content.length()).append('\n');
        }
        return text.toString();
    }

    private String log(String name) {
        return read(dir.resolve(name + ".log"));
    }

    private static String read(Path log) {
        try {
            // bytes, not readString: a line half-written can end in half a character
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends every process and deletes the folder. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs too, and stops nothing twice
        }
        stopAndDelete();
    }

    private void stopAndDelete() {
        stopProcesses();
        delete(dir);
    }

    private List<Process> processes() {
        List<Process> all = new ArrayList<>();
        if (master != null) {
            all.add(master);
        }
        all.addAll(workers);
        return all;
    }

    /** SIGTERM to the workers and the master, SIGKILL to whatever is left after 10 s, executors included. */
    private synchronized void stopProcesses() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<Process> all = processes();
        List<ProcessHandle> handles = new ArrayList<>();
        for (Process process : all) {
            handles.addAll(process.descendants().toList()); // the executors, while they are still descendants
        }
        for (Process process : all) {
            handles.add(process.toHandle());
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).destroy(); // a worker ending kills its executors
        }
        long deadline = System.nanoTime() + STOP.toNanos();
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // forced below
            }
        }
        for (ProcessHandle handle : handles) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
                awaitExit(handle, STOP);
            }
        }
    }

    private static void awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // still alive after SIGKILL: nothing more to do than say so
            System.err.println("process " + handle.pid() + " did not end: " + e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
