package io.pastiche.benchmarks;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.CpuFeatures;
import io.pastiche.tensor.Tensor;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end benchmark: {@code NetworkSpec.standard(1.0)} with random weights stylizes square images of each
 * size with each backend, and the results become one markdown table, written into docs/benchmarks.md between
 * {@value #BEGIN} and {@value #END} (atomically) and printed on stdout.
 *
 * <p>Each (backend, size) runs in its own fresh JVM, so that its first-call latency is a cold start (engine load,
 * compile, first image) and its peak heap and peak resident memory are its own. Per run: the first call, then
 * warm-up images (a count, and for at least 20 s by default, so that the Java parts of a backend run compiled by
 * the JIT and its compiler threads no longer take a core from the engine's), then timed images, each with the next
 * of a few styles; reported: the median time per image, the JIT's compile time during the timed images,
 * effective GFLOP/s against {@link NetworkSpec#flops}, peak heap (the sum of the heap pools' peaks) and peak
 * resident memory ({@code VmHWM} of {@code /proc/self/status}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.pastiche.benchmarks.EndToEnd --help</pre>
 */
public final class EndToEnd {

    /** The marker lines of docs/benchmarks.md the table goes between. */
    public static final String BEGIN = "<!-- end-to-end:begin (written by io.pastiche.benchmarks.EndToEnd) -->";
    public static final String END = "<!-- end-to-end:end -->";

    static final String RESULT = "PASTICHE-RESULT\t";
    private static final int REFERENCE_SIDE = 256;

    private EndToEnd() {
    }

    public static final String USAGE = """
            Usage: EndToEnd [options]
              --sizes 256,512,1024,2048  image sides to measure (square images)
              --backends a,b             backends to measure (default: every available one, by ServiceLoader)
              --repetitions 10           timed images at 256; scaled down by pixel count at larger sizes,
                                         but not below --min-repetitions
              --min-repetitions 3
              --warmup 3                 warm-up images (after the first call) at 256; scaled likewise, at least 1
              --warmup-seconds 20        and warm up for at least this long: for a JVM's first 10-15 s the
                                         JIT compiles the backends' Java parts (ND4J's op framework,
                                         normalisation, padding), and on a machine of few cores its threads
                                         take a core from the engine's (0 for a count only)
              --threads N                engine threads (default: the engines' own, every core)
              --styles 4                 random styles the images cycle through
              --output docs/benchmarks.md   the file whose marked section is replaced
              --no-write                 print the table only
              --quick                    --sizes 256 --repetitions 3 --warmup 1 --warmup-seconds 0
                                         --min-repetitions 1, and
                                         --no-write unless --output is given
              --jvm-arg ARG              an option for the measuring JVMs, e.g. --jvm-arg -Xmx12g (repeatable)
              --timeout-minutes 60       per (backend, size) JVM
              --in-process               measure in this JVM (first-call and peak memory then mix: tests only)
            """;

    /** The command's settings. */
    public record Options(List<Integer> sizes, List<String> backends, int repetitions, int minRepetitions,
                          int warmup, double warmupSeconds, int threads, int styles, Path output, boolean inProcess,
                          List<String> jvmArgs, int timeoutMinutes) {

        public Options {
            sizes = List.copyOf(sizes);
            backends = backends == null ? null : List.copyOf(backends);
            jvmArgs = List.copyOf(jvmArgs);
            if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
                throw new IllegalArgumentException("--sizes needs positive sides, was " + sizes);
            }
            if (repetitions < 1 || minRepetitions < 1 || warmup < 0 || threads < 0 || styles < 1
                    || timeoutMinutes < 1 || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException("--repetitions, --min-repetitions, --styles and --timeout-minutes "
                        + "must be at least 1, --warmup, --warmup-seconds and --threads at least 0");
            }
        }

        /** Timed images at this side: {@code repetitions} at 256, scaled by 256^2 / side^2, at least the minimum. */
        public int repetitionsAt(int side) {
            return Math.max(minRepetitions, (int) Math.round(repetitions * scale(side)));
        }

        /** Warm-up images after the first call at this side: scaled like the repetitions, at least 1 (if any). */
        public int warmupAt(int side) {
            return warmup == 0 ? 0 : Math.max(1, (int) Math.round(warmup * scale(side)));
        }

        private static double scale(int side) {
            return Math.min(1.0, (double) REFERENCE_SIDE * REFERENCE_SIDE / ((double) side * side));
        }
    }

    private static final List<String> VALUED = List.of("--sizes", "--backends", "--repetitions", "--min-repetitions",
            "--warmup", "--warmup-seconds", "--threads", "--styles", "--output", "--jvm-arg", "--timeout-minutes");

    /** Parses the command line. */
    public static Options parse(String... args) {
        List<Integer> sizes = List.of(256, 512, 1024, 2048);
        List<String> backends = null;
        int repetitions = 10;
        int minRepetitions = 3;
        int warmup = 3;
        double warmupSeconds = 20;
        int threads = 0;
        int styles = 4;
        Path output = Path.of("docs", "benchmarks.md");
        boolean outputGiven = false;
        boolean noWrite = false;
        boolean quick = false;
        boolean inProcess = false;
        List<String> jvmArgs = new ArrayList<>();
        int timeout = 60;
        Integer repetitionsGiven = null;
        Integer minGiven = null;
        Integer warmupGiven = null;
        Double warmupSecondsGiven = null;
        List<Integer> sizesGiven = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--quick" -> quick = true;
                case "--no-write" -> noWrite = true;
                case "--in-process" -> inProcess = true;
                case "--help", "-h" -> throw new UsageException(null);
                default -> {
                    if (!VALUED.contains(arg)) {
                        throw new UsageException(arg.startsWith("-") ? "unknown option " + arg
                                : "unexpected argument " + arg);
                    }
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--sizes" -> sizesGiven = integers(arg, value);
                        case "--backends" -> backends = Arrays.stream(value.split(",")).map(String::trim)
                                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
                        case "--repetitions" -> repetitionsGiven = integer(arg, value);
                        case "--min-repetitions" -> minGiven = integer(arg, value);
                        case "--warmup" -> warmupGiven = integer(arg, value);
                        case "--warmup-seconds" -> warmupSecondsGiven = seconds(arg, value);
                        case "--threads" -> threads = integer(arg, value);
                        case "--styles" -> styles = integer(arg, value);
                        case "--output" -> {
                            output = Path.of(value);
                            outputGiven = true;
                        }
                        case "--jvm-arg" -> jvmArgs.add(value);
                        case "--timeout-minutes" -> timeout = integer(arg, value);
                        default -> throw new UsageException("unknown option " + arg);
                    }
                }
            }
        }
        if (quick) {
            sizes = List.of(REFERENCE_SIDE);
            repetitions = 3;
            warmup = 1;
            warmupSeconds = 0;
            minRepetitions = 1;
            noWrite |= !outputGiven;
        }
        sizes = sizesGiven != null ? sizesGiven : sizes;
        repetitions = repetitionsGiven != null ? repetitionsGiven : repetitions;
        minRepetitions = minGiven != null ? minGiven : Math.min(minRepetitions, repetitions);
        warmup = warmupGiven != null ? warmupGiven : warmup;
        warmupSeconds = warmupSecondsGiven != null ? warmupSecondsGiven : warmupSeconds;
        if (backends != null && backends.isEmpty()) {
            throw new UsageException("--backends needs at least one name");
        }
        try {
            return new Options(sizes, backends, repetitions, minRepetitions, warmup, warmupSeconds, threads, styles,
                    noWrite ? null : output, inProcess, jvmArgs, timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Seconds as a person writes them: 5, 0.2. */
    private static String seconds(double value) {
        return new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
                .format(value);
    }

    private static double seconds(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number of seconds, was '" + value + "'");
        }
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, was '" + value + "'");
        }
    }

    private static List<Integer> integers(String option, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                list.add(integer(option, part));
            }
        }
        return list;
    }

    /** A bad command line; a null message asks for the usage alone. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * One (backend, size) measurement; times in milliseconds, memory in bytes, -1 where unknown.
     *
     * @param error null, or why the run failed (then the numbers are -1)
     */
    public record Result(String backend, int size, int warmup, int runs, double medianMs, double minMs,
                         double maxMs, double cpuMs, double jitMs, double openMs, double compileMs, double firstImageMs,
                         double jvmStartToFirstImageMs, long peakHeap, long peakRss, String error) {

        /** Effective GFLOP/s: the network's FLOPs at this size over the median time. */
        public double gflops() {
            return NetworkSpec.standard(1.0).flops(size, size) / (medianMs * 1e6);
        }

        /** The JIT compilers' time during the timed images against those images' time (median x count); -1 if unknown. */
        public double jitShare() {
            return jitMs < 0 || medianMs <= 0 ? -1 : jitMs / (medianMs * runs);
        }

        /** Engine load + compile + first image, in a fresh JVM. */
        public double firstCallMs() {
            return openMs + compileMs + firstImageMs;
        }

        static Result failed(String backend, int size, String error) {
            return new Result(backend, size, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, error);
        }

        String encode() {
            return RESULT + String.join("\t", backend, Integer.toString(size), Integer.toString(warmup),
                    Integer.toString(runs), num(medianMs), num(minMs), num(maxMs), num(cpuMs), num(jitMs), num(openMs),
                    num(compileMs),
                    num(firstImageMs), num(jvmStartToFirstImageMs), Long.toString(peakHeap), Long.toString(peakRss),
                    error == null ? "" : error.replace('\t', ' ').replace('\n', ' '));
        }

        private static String num(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }

        static Result decode(String line) {
            String[] f = line.substring(RESULT.length()).split("\t", -1);
            return new Result(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                    Double.parseDouble(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14]), f[15].isEmpty() ? null : f[15]);
        }
    }

    public static void main(String[] args) {
        if (args.length >= 3 && args[0].equals("--child")) {
            child(args);
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(USAGE);
                System.exit(0);
            }
            System.err.println("EndToEnd: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            String table = run(options, args);
            System.out.print(table);
            if (options.output() != null) {
                write(options.output(), table);
                System.err.println("EndToEnd: table written to " + options.output());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("EndToEnd: " + e);
            System.exit(1);
        }
    }

    /** Measures every (backend, size) and returns the markdown section. */
    public static String run(Options options, String... commandLine) throws IOException {
        Machine machine = Machine.describe();
        List<String> backends = options.backends() != null ? options.backends()
                : ListBackends.available(Backends.discover());
        if (backends.isEmpty()) {
            throw new IllegalStateException("no backend available:\n" + Backends.discover().describe());
        }
        List<Result> results = new ArrayList<>();
        for (String backend : backends) {
            for (int size : options.sizes()) {
                System.err.printf(Locale.ROOT, "EndToEnd: %s at %d x %d (%d warm-up, at least %s s; %d timed)...%n",
                        backend, size, size, options.warmupAt(size), seconds(options.warmupSeconds()),
                        options.repetitionsAt(size));
                Result result = options.inProcess() ? measureSafely(backend, size, options)
                        : fork(backend, size, options);
                System.err.println("EndToEnd:   " + (result.error() != null ? "failed: " + result.error()
                        : String.format(Locale.ROOT, "median %.0f ms, first call %.0f ms, JIT %.0f ms during the timed "
                        + "images", result.medianMs(), result.firstCallMs(), result.jitMs())));
                results.add(result);
            }
        }
        return table(results, machine, options, String.join(" ", commandLine));
    }

    // ---- the measuring JVM ----

    private static void child(String[] args) {
        // --child backend size [options...]
        Options options = parse(Arrays.copyOfRange(args, 3, args.length));
        Result result = measureSafely(args[1], Integer.parseInt(args[2]), options);
        System.out.println(result.encode());
        System.out.flush();
        System.exit(0);
    }

    static Result measureSafely(String backend, int size, Options options) {
        try {
            return measure(backend, size, options);
        } catch (RuntimeException | OutOfMemoryError e) {
            return Result.failed(backend, size, e.toString());
        }
    }

    /** Measures one backend at one size in this JVM. */
    static Result measure(String backend, int size, Options options) {
        NetworkSpec spec = NetworkSpec.standard(1.0);
        List<float[]> weights = Fixtures.weights(spec, 1);
        List<StyleEmbedding> styles = Fixtures.styles(spec, options.styles(), 2);
        Tensor image = Fixtures.images(1, size, size, 3);
        resetPeaks();
        BackendProvider provider = Backends.discover().choose(backend);
        long t0 = System.nanoTime();
        try (Backend engine = provider.open()) {
            long t1 = System.nanoTime();
            try (CompiledNetwork network = engine.compile(spec, weights)) {
                long t2 = System.nanoTime();
                network.forward(image, List.of(styles.get(0)));
                long t3 = System.nanoTime();
                double sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                int call = 1;
                // a count and a time: a few large images, or as many small ones as the JIT needs
                int count = options.warmupAt(size);
                int warmup = 0;
                long warmUntil = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
                while (warmup < count || count > 0 && System.nanoTime() < warmUntil) {
                    network.forward(image, List.of(styles.get(call % styles.size())));
                    warmup++;
                    call++;
                }
                int runs = options.repetitionsAt(size);
                double[] times = new double[runs];
                long cpu = processCpuNanos();
                long jit = jitMillis();
                for (int i = 0; i < runs; i++, call++) {
                    List<StyleEmbedding> style = List.of(styles.get(call % styles.size()));
                    long s = System.nanoTime();
                    network.forward(image, style);
                    times[i] = (System.nanoTime() - s) / 1e6;
                }
                double cpuMs = cpu < 0 ? -1 : (processCpuNanos() - cpu) / 1e6 / runs;
                double jitMs = jit < 0 ? -1 : jitMillis() - jit;
                Arrays.sort(times);
                double median = runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
                return new Result(engine.name(), size, warmup, runs, median, times[0], times[runs - 1], cpuMs, jitMs,
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, sinceStart, peakHeap(), peakRss(),
                        null);
            }
        }
    }

    /** The JIT compilers' total time so far, or -1 where the JVM does not say. */
    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** CPU time of the whole process (every thread), or -1 where the JVM does not say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peak use: an upper bound of the heap's peak (pools peak at different times). */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The process's peak resident memory, VmHWM of /proc/self/status; -1 where there is none (not Linux). */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    // ---- the parent: one fresh JVM per (backend, size) ----

    static Result fork(String backend, int size, Options options) throws IOException {
        List<String> jvmOptions = new ArrayList<>(options.jvmArgs());
        if (options.threads() > 0) {
            jvmOptions.add("-Dpastiche.tensorflow.threads=" + options.threads());
            jvmOptions.add("-Dai.djl.pytorch.num_threads=" + options.threads());
        }
        MeasuringJvm.Outcome outcome = MeasuringJvm.run(jvmOptions, options, EndToEnd.class, List.of("--child",
                backend, Integer.toString(size), "--repetitions", Integer.toString(options.repetitions()),
                "--min-repetitions", Integer.toString(options.minRepetitions()),
                "--warmup", Integer.toString(options.warmup()), "--warmup-seconds",
                Double.toString(options.warmupSeconds()), "--styles", Integer.toString(options.styles()),
                "--sizes", Integer.toString(size)), RESULT, options.timeoutMinutes());
        if (outcome.timedOut()) {
            return Result.failed(backend, size, "no result within " + options.timeoutMinutes() + " minutes");
        }
        if (outcome.results().isEmpty()) {
            return Result.failed(backend, size, "the measuring JVM exited with " + outcome.exitCode()
                    + " without a result (see its output above)");
        }
        return Result.decode(outcome.results().get(outcome.results().size() - 1));
    }

    /** What the measuring JVMs get in their environment: no calling home, quiet TensorFlow, passive OpenMP. */
    static void childEnvironment(Map<String, String> env, Options options) {
        env.put("OPT_OUT_TRACKING", "true");
        env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        if (options.threads() > 0) {
            env.put("OMP_NUM_THREADS", Integer.toString(options.threads()));
        }
    }

    // ---- the table ----

    /** The machine the numbers come from. */
    public record Machine(String cpu, int cores, long memoryBytes, String jdk, String os, String date,
                          String loadAverage) {

        static Machine describe() {
            // The model name and the vector features the engines' kernels depend on: tables from an AVX2 and an
            // AVX-512 machine must not be mistaken for each other.
            String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"))
                    + " (" + Floor.features(CpuFeatures.current()) + ")";
            long memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                    .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
            String load = read(Path.of("/proc/loadavg")).map(s -> String.join(" ",
                    Arrays.copyOf(s.trim().split("\\s+"), 3))).orElse("unknown");
            return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), load);
        }

        /** True when the 1-minute load average was above a quarter of the cores: other work was running. */
        public boolean busy() {
            try {
                return Double.parseDouble(loadAverage.split(" ")[0]) > 0.25 * cores;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static java.util.Optional<String> read(Path file) {
            try {
                return java.util.Optional.of(Files.readString(file));
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }

        private static java.util.Optional<String> firstValue(Path file, String key) {
            return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst());
        }
    }

    /** The markdown section: machine, settings, then one row per (size, backend). */
    public static String table(List<Result> results, Machine machine, Options options, String commandLine) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Measured %s on %s, %d cores seen by the JVM, %s of memory; %s; %s. "
                        + "Load average when it started: %s.%n%n", machine.date(), machine.cpu(), machine.cores(),
                mib(machine.memoryBytes()).equals("-") ? "unknown" : gib(machine.memoryBytes()), machine.jdk(),
                machine.os(), machine.loadAverage()));
        if (machine.busy()) {
            md.append(String.format(Locale.ROOT, "**The machine was busy when this ran (load average %s on %d cores): "
                    + "these numbers are not representative.**%n%n", machine.loadAverage(), machine.cores()));
        }
        md.append(String.format(Locale.ROOT, "`NetworkSpec.standard(1.0)`, random weights, %d styles in turn, one "
                        + "image per call; warm-up for at least %s s; engine threads: %s; %s. Command: `EndToEnd%s`."
                        + "%n%n", options.styles(), seconds(options.warmupSeconds()),
                options.threads() > 0 ? Integer.toString(options.threads()) : "the engines' default",
                options.inProcess() ? "all in one JVM (first call and peaks are not per run)"
                        : "each row in its own JVM",
                commandLine.isBlank() ? "" : " " + commandLine));
        md.append("| image | backend | median ms / image | min - max ms | GFLOP/s | CPU ms / image | first call ms "
                + "(open + compile + 1st image) | JVM start to 1st image ms | peak heap MiB | peak RSS MiB "
                + "| warm-up + timed |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        List<Result> sorted = new ArrayList<>(results);
        List<String> order = results.stream().map(Result::backend).distinct().toList();
        sorted.sort(Comparator.comparingInt(Result::size).thenComparingInt(r -> order.indexOf(r.backend())));
        for (Result r : sorted) {
            String image = r.size() + " x " + r.size();
            if (r.error() != null) {
                md.append("| ").append(image).append(" | ").append(r.backend()).append(" | failed: ")
                        .append(r.error().replace("|", "\\|")).append(" | | | | | | | | |\n");
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s - %s | %.0f | %s | %s (%s + %s + %s) | %s | %s | "
                            + "%s | %d + %d |%n", image, r.backend(), ms(r.medianMs()), ms(r.minMs()), ms(r.maxMs()),
                    r.gflops(), ms(r.cpuMs()), ms(r.firstCallMs()), ms(r.openMs()), ms(r.compileMs()), ms(r.firstImageMs()),
                    ms(r.jvmStartToFirstImageMs()), mib(r.peakHeap()), mib(r.peakRss()), r.warmup(), r.runs()));
        }
        md.append(String.format(Locale.ROOT, "%nNetwork cost (`NetworkSpec.flops`): %s.%n", String.join(", ",
                options.sizes().stream().distinct().sorted().map(s -> String.format(Locale.ROOT, "%.1f GFLOP at %d",
                        NetworkSpec.standard(1.0).flops(s, s) / 1e9, s)).toList())));
        return md.append(jitNote(results)).toString();
    }

    /** At least this share of the timed images' time spent compiling by the JIT gets a row named in the note. */
    static final double JIT_NOTE_SHARE = 0.05;

    /**
     * A paragraph naming the rows whose timed images ran while the JIT compiler still worked (at least
     * {@value #JIT_NOTE_SHARE} of their time), or nothing. On a machine of few cores a compiler thread takes a core
     * from the engine's threads, so such a median is above the backend's steady state.
     */
    static String jitNote(List<Result> results) {
        List<String> rows = results.stream().filter(r -> r.error() == null && r.jitShare() >= JIT_NOTE_SHARE)
                .map(r -> String.format(Locale.ROOT, "%s at %d x %d (%,.0f ms of compiling, %.0f %% of the images' "
                        + "time)", r.backend(), r.size(), r.size(), r.jitMs(), 100 * r.jitShare())).toList();
        return rows.isEmpty() ? "" : "\nThe JIT compiler was still compiling during the timed images of "
                + String.join(", ", rows) + ": it takes a core from the engine's threads, so these medians may be "
                + "above the steady state; a longer `--warmup-seconds` measures that.\n";
    }

    private static String ms(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, v < 10 ? "%,.1f" : "%,.0f", v);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%,d", Math.round(bytes / 1048576.0));
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }

    /** Replaces what lies between the markers of {@code document} with {@code section}. */
    public static String replaceSection(String document, String section) {
        return Sections.replace(document, BEGIN, END, section);
    }

    /** Writes the section into the file's marked place: a temporary file in the same folder, then a rename. */
    public static void write(Path file, String section) throws IOException {
        Sections.write(file, BEGIN, END, section);
    }
}
