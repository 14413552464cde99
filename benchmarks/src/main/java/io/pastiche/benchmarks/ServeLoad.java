package io.pastiche.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A bounded load test of {@code pastiche serve}: how many pictures a second it answers, how long they take, how
 * often it refuses (503) and how much memory it holds while a fixed number of clients keep it busy.
 *
 * <p>It starts the server as a child process ({@code ./pastiche serve --port 0}, from the current directory, the
 * repository's root under {@code benchmarks/bench}), waits for its {@code open http://...} line, and talks only to
 * {@code 127.0.0.1}. The photo is scaled and centre-cropped to each size and sent as an in-memory JPEG to
 * {@code POST /v1/stylize?style=NAME}. First a few sequential requests per size warm the server up; then, size by
 * size, N clients run for S seconds. Each client sends one request at a time and sends the next as soon as the
 * answer arrived, until the deadline; after a 503 it waits {@code min(Retry-After, 1 s)} first, and after a failure
 * other than a 503 100 ms, so that a refusing or broken server is not hammered in a tight loop. No request starts
 * after the deadline, but the ones in flight are waited for, so a size's seconds run from its first request to its
 * last answer, and requests/s is the 200s over that time.
 *
 * <p>Per size it prints one markdown row: requests/s, the 50th, 95th and 99th percentile latency of the 200s (from
 * sending to the whole PNG received), the 503s (the server's intended answer to overload; their codes are listed
 * below the table), the other answers and connection failures, and the server JVM's resident memory
 * ({@code VmRSS} of {@code /proc/PID/status}) before, half-way through and after the size's run, and its peak so far
 * ({@code VmHWM}).
 * Exits 1 if any answer was neither 200 nor 503, or the server ended during the run. The server is always stopped
 * at the end (SIGTERM, then SIGKILL after 30 s), also on Ctrl-C.
 *
 * <pre>benchmarks/bench serve-load photo.jpg                                 # 32 clients, 60 s per size
 * benchmarks/bench serve-load photo.jpg --clients 16 --seconds 8 --queue 2  # a short run that provokes 503s</pre>
 */
public final class ServeLoad {

    static final String USAGE = """
            usage: benchmarks/bench serve-load PHOTO [options]
              --clients N           clients sending at once (default 32)
              --seconds S           how long each size runs (default 60)
              --sizes WxH,...       the picture sizes sent, each the photo scaled and centre-cropped
                                    (default 256x256,1024x768)
              --style NAME          the style asked for (default the_scream)
              --backend NAME        passed to pastiche serve
              --queue N             passed to pastiche serve (its queue of waiting requests)
              --server-command CMD  how to start the server, run by bash from the current directory; --port 0
                                    and the options above are appended (default ./pastiche serve)
            """;

    /** Sequential requests per size before any is measured: class loading, JIT and the engine's first calls. */
    private static final int WARM_UP_REQUESTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Longer than the server's own 120 s limit: a request still unanswered then is a hang, counted as an error. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(180);
    private static final long RETRY_CAP_MILLIS = 1_000;
    private static final long FAILURE_PAUSE_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeLoad() {
    }

    /** The command's settings. */
    record Options(Path photo, int clients, int seconds, List<Size> sizes, String style, String backend,
                   Integer queue, String serverCommand) {

        static Options parse(String... args) {
            Path photo = null;
            int clients = 32;
            int seconds = 60;
            List<Size> sizes = List.of(new Size(256, 256), new Size(1024, 768));
            String style = "the_scream";
            String backend = null;
            Integer queue = null;
            String serverCommand = "./pastiche serve";
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    if (photo != null) {
                        throw new IllegalArgumentException("unexpected argument " + arg);
                    }
                    photo = Path.of(arg);
                    continue;
                }
                String value;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                switch (arg) {
                    case "--clients" -> clients = number(arg, value, 1);
                    case "--seconds" -> seconds = number(arg, value, 1);
                    case "--sizes" -> sizes = Size.list(value);
                    case "--style" -> style = value;
                    case "--backend" -> backend = value;
                    case "--queue" -> queue = number(arg, value, 0); // 0: a server with no waiting line
                    case "--server-command" -> serverCommand = value;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (photo == null) {
                throw new IllegalArgumentException("no PHOTO given");
            }
            return new Options(photo, clients, seconds, sizes, style, backend, queue, serverCommand);
        }

        /** The server's command line: the base command, a free port, and the options meant for it. */
        String command() {
            StringBuilder command = new StringBuilder(serverCommand).append(" --port 0");
            if (backend != null) {
                command.append(" --backend ").append(shellQuoted(backend));
            }
            if (queue != null) {
                command.append(" --queue ").append(queue);
            }
            return command.toString();
        }

        private static int number(String option, String value, int least) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n < least) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number of at least " + least
                        + ", was '" + value + "'");
            }
        }

        private static String shellQuoted(String word) {
            return "'" + word.replace("'", "'\\''") + "'";
        }
    }

    /** A picture size. */
    record Size(int width, int height) {

        static List<Size> list(String text) {
            List<Size> sizes = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] sides = part.trim().toLowerCase(Locale.ROOT).split("x");
                try {
                    if (sides.length != 2) {
                        throw new NumberFormatException();
                    }
                    Size size = new Size(Integer.parseInt(sides[0].trim()), Integer.parseInt(sides[1].trim()));
                    if (size.width < 1 || size.height < 1) {
                        throw new NumberFormatException();
                    }
                    sizes.add(size);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--sizes takes WIDTHxHEIGHT,..., was '" + text + "'");
                }
            }
            return List.copyOf(sizes);
        }

        @Override
        public String toString() {
            return width + " x " + height;
        }
    }

    /**
     * One request's answer.
     *
     * @param status         the HTTP status, 0 if there was no answer (connection failure, time-out)
     * @param millis         from sending to the whole answer received
     * @param detail         for anything but a good 200: the error code of the JSON answer or the exception
     * @param retryAfterSecs the Retry-After header, 0 if none
     */
    record Outcome(int status, double millis, String detail, long retryAfterSecs) {

        boolean ok() {
            return status == 200 && detail == null;
        }

        boolean refused() {
            return status == 503;
        }
    }

    /** One size's run: every outcome, and the server's memory around it, in bytes. */
    record Row(Size size, int clients, double seconds, List<Outcome> outcomes, long rssStart, long rssHalfway,
               long rssEnd, long peak) {

        List<Outcome> others() {
            return outcomes.stream().filter(o -> !o.ok() && !o.refused()).toList();
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print("serve-load: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        int exit;
        try {
            exit = run(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("serve-load: " + e.getMessage());
            exit = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 130;
        }
        System.exit(exit);
    }

    static int run(Options options) throws IOException, InterruptedException {
        // Made before the server starts, so that a bad photo fails in a second rather than after the start-up.
        Map<Size, byte[]> bodies = new LinkedHashMap<>();
        BufferedImage photo = ImageFiles.read(options.photo());
        for (Size size : options.sizes()) {
            bodies.put(size, jpeg(cropped(photo, size)));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String command = options.command();
        System.err.println("serve-load: starting `" + command + "`...");
        try (Server server = Server.start(command, START_TIMEOUT)) {
            URI stylize = server.uri("/v1/stylize?style="
                    + URLEncoder.encode(options.style(), StandardCharsets.UTF_8));
            for (Map.Entry<Size, byte[]> body : bodies.entrySet()) {
                warmUp(http, stylize, body.getKey(), body.getValue());
            }
            long rssAfterWarmUp = server.memory("VmRSS");
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<Size, byte[]> body : bodies.entrySet()) {
                // A timed-out job may still hold the worker: let it finish, so each size starts on an idle server.
                awaitIdle(http, server);
                System.err.printf(Locale.ROOT, "serve-load: %s, %d clients for %d s...%n", body.getKey(),
                        options.clients(), options.seconds());
                long rssStart = server.memory("VmRSS");
                long start = System.nanoTime();
                // Half-way against the end tells growth under steady load from the first seconds' settling in.
                CompletableFuture<Long> rssHalfway = CompletableFuture.supplyAsync(() -> {
                    sleepQuietly(options.seconds() * 500L);
                    return server.memory("VmRSS");
                });
                List<Outcome> outcomes = load(http, stylize, body.getValue(), options.clients(),
                        Duration.ofSeconds(options.seconds()));
                double seconds = (System.nanoTime() - start) / 1e9;
                rows.add(new Row(body.getKey(), options.clients(), seconds, outcomes, rssStart, rssHalfway.join(),
                        server.memory("VmRSS"), server.memory("VmHWM")));
                if (!server.alive()) {
                    // What was measured is still printed: the errors it shows are the crash's.
                    System.err.println("serve-load: the server (pid " + server.jvm().pid() + ") ended during the "
                            + "run of " + body.getKey() + "; the sizes after it are not run");
                    break;
                }
            }
            print(options, command, server, rssAfterWarmUp, rows);
            boolean failed = !server.alive() || rows.stream().anyMatch(row -> !row.others().isEmpty());
            return failed ? 1 : 0;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the pictures

    /** The photo scaled to cover the size, then its middle cut out: every size shows the same scene, undistorted. */
    static BufferedImage cropped(BufferedImage photo, Size size) {
        double scale = Math.max((double) size.width() / photo.getWidth(), (double) size.height() / photo.getHeight());
        int width = Math.max(size.width(), (int) Math.round(photo.getWidth() * scale));
        int height = Math.max(size.height(), (int) Math.round(photo.getHeight() * scale));
        BufferedImage scaled = Resize.to(photo, width, height);
        // Drawn onto an RGB image: JPEG has no alpha, and ImageIO's JPEG writer refuses ARGB.
        BufferedImage out = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(scaled, -(width - size.width()) / 2, -(height - size.height()) / 2, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", bytes)) {
            throw new IOException("this JDK has no JPEG writer");
        }
        return bytes.toByteArray();
    }

    // ---- the requests

    private static void warmUp(HttpClient http, URI stylize, Size size, byte[] body) throws InterruptedException {
        System.err.printf(Locale.ROOT, "serve-load: warming up with %d requests of %s...%n", WARM_UP_REQUESTS, size);
        for (int i = 0; i < WARM_UP_REQUESTS; i++) {
            Outcome outcome = send(http, stylize, body);
            if (!outcome.ok()) {
                throw new IllegalStateException("the warm-up request of " + size + " was answered " + outcome.status()
                        + " (" + outcome.detail() + "); is the style right, and does the server work at all?");
            }
        }
    }

    /** N clients, each sending one request at a time until the deadline; every outcome, in no particular order. */
    static List<Outcome> load(HttpClient http, URI stylize, byte[] body, int clients, Duration length)
            throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        List<List<Outcome>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Outcome> mine = new ArrayList<>();
            results.add(mine);
            threads.add(new Thread(() -> client(http, stylize, body, deadline, mine), "serve-load-client-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return results.stream().flatMap(List::stream).toList();
    }

    private static void client(HttpClient http, URI stylize, byte[] body, long deadline, List<Outcome> outcomes) {
        try {
            while (System.nanoTime() < deadline) {
                Outcome outcome = send(http, stylize, body);
                outcomes.add(outcome);
                long pause = outcome.ok() ? 0
                        : outcome.refused() ? Math.min(outcome.retryAfterSecs() * 1000, RETRY_CAP_MILLIS)
                        : FAILURE_PAUSE_MILLIS;
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (pause > 0 && left > 0) {
                    Thread.sleep(Math.min(pause, left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Outcome send(HttpClient http, URI stylize, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stylize).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Outcome(0, (System.nanoTime() - start) / 1e6, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(0);
        if (response.statusCode() == 200) {
            // A 200 that is not a PNG is as wrong as a 500: it is counted among the errors.
            return new Outcome(200, millis, isPng(response.body()) ? null : "200 without a PNG", retryAfter);
        }
        return new Outcome(response.statusCode(), millis, errorCode(response.body()), retryAfter);
    }

    private static boolean isPng(byte[] bytes) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        return bytes.length > signature.length
                && Arrays.equals(Arrays.copyOf(bytes, signature.length), signature);
    }

    /** The {@code error.code} of the server's JSON error, or the start of whatever else it answered. */
    private static String errorCode(byte[] body) {
        try {
            JsonNode code = JSON.readTree(body).path("error").path("code");
            if (code.isTextual()) {
                return code.asText();
            }
        } catch (IOException e) {
            // not JSON: shown as text below
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "(empty body)" : text.substring(0, Math.min(80, text.length()));
    }

    /** Waits until the server's health says no request runs or waits. */
    private static void awaitIdle(HttpClient http, Server server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(server.uri("/v1/health")).timeout(Duration.ofSeconds(10)).build();
        while (true) {
            JsonNode body = JSON.readTree(http.send(health, HttpResponse.BodyHandlers.ofByteArray()).body());
            if (body.path("running").asInt() == 0 && body.path("waiting").asInt() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server is still busy " + IDLE_TIMEOUT.toSeconds() + " s after the "
                        + "clients stopped: " + body);
            }
            Thread.sleep(200);
        }
    }

    // ---- the report

    private static void print(Options options, String command, Server server, long rssAfterWarmUp, List<Row> rows) {
        System.out.println("`" + command + "`: " + server.banner());
        System.out.println("server JVM: pid " + server.jvm().pid() + ", " + mib(rssAfterWarmUp)
                + " MiB resident after the warm-up");
        System.out.println("CPU: " + cpuModel() + "; " + cpuCount() + " processors, "
                + Runtime.getRuntime().availableProcessors() + " available to this JVM");
        System.out.printf(Locale.ROOT, "photo %s, style %s; %d warm-up requests per size, then %d clients per size "
                        + "for %d s (seconds: from the first request to the last answer)%n%n",
                options.photo().getFileName(), options.style(), WARM_UP_REQUESTS, options.clients(),
                options.seconds());
        System.out.println("| size | clients | seconds | requests/s | p50 ms | p95 ms | p99 ms | 503 | other errors "
                + "| RSS start MiB | RSS half-way MiB | RSS end MiB | peak RSS MiB |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (Row row : rows) {
            double[] millis = row.outcomes().stream().filter(Outcome::ok).mapToDouble(Outcome::millis).sorted()
                    .toArray();
            long refused = row.outcomes().stream().filter(Outcome::refused).count();
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %s | %s | %s | %d | %d | %s | %s | %s | %s |%n",
                    row.size(), row.clients(), row.seconds(), millis.length / row.seconds(),
                    percentile(millis, 50), percentile(millis, 95), percentile(millis, 99), refused,
                    row.others().size(), mib(row.rssStart()), mib(row.rssHalfway()), mib(row.rssEnd()),
                    mib(row.peak()));
        }
        System.out.println();
        // The counts behind the percentiles, and what the 503s and errors were.
        for (Row row : rows) {
            long ok = row.outcomes().stream().filter(Outcome::ok).count();
            String refused = counts(row.outcomes().stream().filter(Outcome::refused), Outcome::detail);
            String others = counts(row.others().stream(),
                    o -> (o.status() == 0 ? "no answer" : Integer.toString(o.status())) + " " + o.detail());
            System.out.println(row.size() + ": " + ok + " answered 200; "
                    + (refused.isEmpty() ? "no 503" : "503s: " + refused)
                    + (others.isEmpty() ? "" : "; other errors: " + others));
        }
    }

    /** The nearest-rank percentile, in whole milliseconds; "-" if there are none. */
    static String percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return "-";
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return String.format(Locale.ROOT, "%.0f", sorted[Math.max(0, rank - 1)]);
    }

    /** "overloaded x 12, timeout x 1": how often each kind came. */
    private static String counts(Stream<Outcome> outcomes, Function<Outcome, String> kind) {
        Map<String, Long> counts = outcomes.collect(Collectors.groupingBy(kind, TreeMap::new,
                Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " x " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Whole MiB; "-" if the figure could not be read (the server had ended). */
    private static String mib(long bytes) {
        return bytes < 0 ? "-" : Long.toString(bytes >> 20);
    }

    private static String cpuModel() {
        return cpuInfo().stream().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
    }

    private static long cpuCount() {
        return cpuInfo().stream().filter(line -> line.startsWith("processor")).count();
    }

    private static List<String> cpuInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return List.of();
        }
    }

    // ---- the server

    /**
     * {@code pastiche serve} as a child process: started by bash, so that the command may be any shell line, and
     * stopped by SIGTERM to it and to every process under it, since bash may or may not have exec'd the JVM.
     */
    static final class Server implements AutoCloseable {

        private static final Pattern OPEN = Pattern.compile("open http://([^/:\\s]+|\\[[^]]+]):(\\d+)/");
        private static final Duration STOP_GRACE = Duration.ofSeconds(30);

        private final Process process;
        private final Thread hook;
        private final CompletableFuture<String> banner = new CompletableFuture<>();
        private int port;
        private ProcessHandle jvm;
        private boolean stopped;

        private Server(Process process) {
            this.process = process;
            // Ctrl-C on the load test must not leave a server behind.
            this.hook = new Thread(this::stop, "serve-load-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            Thread reader = new Thread(this::readOutput, "serve-load-server-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Server start(String command, Duration timeout) throws IOException, InterruptedException {
            // stderr goes straight to ours: the build messages, warnings and logged failures are seen as they come.
            Process process = new ProcessBuilder("bash", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Server server = new Server(process);
            try {
                server.awaitBanner(command, timeout);
                return server;
            } catch (IOException | RuntimeException | InterruptedException e) {
                server.close();
                throw e;
            }
        }

        private void awaitBanner(String command, Duration timeout) throws IOException, InterruptedException {
            String line;
            try {
                line = banner.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("`" + command + "` printed no 'open http://...' line within "
                        + timeout.toSeconds() + " s (if it was building the CLI, build it first: ./pastiche --help)");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
            Matcher m = OPEN.matcher(line);
            if (!m.find() || !m.group(1).equals("127.0.0.1")) {
                throw new IOException("the server is not at http://127.0.0.1:PORT/, the only address this test "
                        + "talks to: " + line);
            }
            port = Integer.parseInt(m.group(2));
            jvm = findJvm();
        }

        /** Reads the server's stdout: the first 'open' line is the banner; the rest is passed on to stderr. */
        private void readOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!banner.isDone() && OPEN.matcher(line).find()) {
                        banner.complete(line);
                    } else {
                        System.err.println("server: " + line);
                    }
                }
            } catch (IOException e) {
                // the pipe closed as the server was stopped
            }
            int exit = waitForExit();
            banner.completeExceptionally(new IOException("the server ended (exit code " + exit + ") before it "
                    + "printed its 'open http://...' line; its messages are above"));
        }

        private int waitForExit() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /**
         * The JVM that serves: the process itself when bash and ./pastiche exec'd their way into java, else the
         * java process under it. Its memory is the server's; bash's is not.
         */
        private ProcessHandle findJvm() {
            List<ProcessHandle> java = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                    .filter(h -> h.info().command().map(c -> Path.of(c).getFileName().toString().equals("java"))
                            .orElse(false))
                    .toList();
            Optional<ProcessHandle> serving = java.stream().filter(h -> h.info().arguments()
                    .map(a -> Arrays.asList(a).contains("serve")).orElse(false)).findFirst();
            return serving.or(() -> java.stream().findFirst()).orElseGet(() -> {
                System.err.println("serve-load: no java process found under the server's pid " + process.pid()
                        + "; its memory is measured instead");
                return process.toHandle();
            });
        }

        String banner() {
            return banner.getNow("");
        }

        ProcessHandle jvm() {
            return jvm;
        }

        URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + port + pathAndQuery);
        }

        boolean alive() {
            return jvm.isAlive();
        }

        /**
         * A memory figure of the server JVM from {@code /proc/PID/status}, in bytes.
         *
         * @param field {@code VmRSS} (resident now) or {@code VmHWM} (the most it has been resident)
         * @return the bytes, or -1 if it cannot be read
         */
        long memory(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | UncheckedIOException | NumberFormatException e) {
                return -1;
            }
            return -1;
        }

        /** SIGTERM to the process and everything under it (the JVM stops gracefully), SIGKILL to what is left. */
        private synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.forEach(ProcessHandle::destroy);
            process.destroy();
            all.add(process.toHandle());
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (ProcessHandle handle : all) {
                try {
                    handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // killed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (ProcessHandle handle : all) {
                if (handle.isAlive()) {
                    System.err.println("serve-load: pid " + handle.pid() + " did not stop within "
                            + STOP_GRACE.toSeconds() + " s of SIGTERM; killing it");
                    handle.destroyForcibly();
                }
            }
        }

        @Override
        public void close() {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running, or ran, stop() itself
            }
        }
    }
}
