package io.pastiche.cli;

import io.pastiche.Printable;
import io.pastiche.StyleNetwork;
import io.pastiche.model.Model;
import io.pastiche.serve.ServeSettings;
import io.pastiche.serve.StyleServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pastiche serve}: the web page and HTTP API of {@link StyleServer} for one model, until Ctrl-C or SIGTERM,
 * which stop it gracefully (the requests in flight are answered first).
 */
@Command(name = "serve",
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Serves a web page to try the model's styles on your photos, and an HTTP API (/v1/stylize, "
                        + "/v1/styles, /v1/health, described at /v1/openapi.json).",
                "",
                "Prints the page's address on stdout. Ctrl-C stops it after answering the requests in flight.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {
                "  pastiche serve",
                "  pastiche serve --port 9000 -m my-styles.safetensors",
                "  curl --data-binary @photo.jpg 'http://127.0.0.1:8080/v1/stylize?style=starry_night' -o out.png"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @ParentCommand
    private PasticheCli cli;

    @Mixin
    private ModelOption model;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--port", paramLabel = "PORT", description = "The port; 0 picks a free one. Default: 8080.")
    private int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "The address to listen on: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every "
                    + "network interface).")
    private String host = "127.0.0.1";

    @Option(names = "--max-upload", paramLabel = "SIZE", converter = MemorySize.class,
            description = "The largest image upload, for example 32m (the default); larger ones get 413.")
    private Long maxUpload;

    @Option(names = "--max-pixels", paramLabel = "N",
            description = "The most pixels of an uploaded image (width x height, from its header, before "
                    + "decoding); larger ones get 413. Default: 16777216 (4096 x 4096).")
    private Long maxPixels;

    @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySize.class,
            description = "The memory one picture may use, for example 2g. A picture that needs more is stylized "
                    + "in tiles that fit (the same result). Default: what the process can still have.")
    private Long memory;

    @Option(names = "--workers", paramLabel = "N",
            description = "Pictures stylized at once. Each uses every core already, so 1 (the default) is the "
                    + "fastest on a CPU.")
    private int workers = ServeSettings.DEFAULT.workers();

    @Option(names = "--queue", paramLabel = "N",
            description = "Requests that may wait for a worker; when full, new ones get 503 with Retry-After. "
                    + "Default: 16.")
    private int queue = ServeSettings.DEFAULT.queueCapacity();

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "The longest a request may take, waiting included; then 503. Default: 120.")
    private long timeout = ServeSettings.DEFAULT.requestTimeout().toSeconds();

    @Override
    public Integer call() throws IOException {
        ServeSettings settings;
        try {
            ServeSettings base = ServeSettings.DEFAULT;
            settings = base.withAddress(host, port)
                    .withLimits(maxUpload == null ? base.maxUploadBytes() : maxUpload,
                            maxPixels == null ? base.maxPixels() : maxPixels)
                    .withQueue(workers, queue)
                    .withTimes(Duration.ofSeconds(timeout), base.shutdownGrace());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Model network = model.read();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (StyleNetwork styleNetwork = StyleNetwork.of(network, memory == null ? engine.loadOptions()
                : engine.loadOptions().withMemoryBudget(memory));
             StyleServer server = start(styleNetwork, settings);
             // The hook asks for the stop and says so at once; this thread sees the server closed and returns.
             StopOnInterrupt stop = new StopOnInterrupt(() -> new Thread(server::close, "pastiche-serve-stop").start(),
                     line -> say(err, line),
                     settings.shutdownGrace().plusSeconds(10), "stopping after the requests in flight (waiting "
                     + "up to %s)").install()) {
            out.println("pastiche serve: " + styleNetwork.styles().size() + " styles of "
                    + Printable.escaped(model.describe()) + " on " + styleNetwork.backend() + "; open "
                    + server.address());
            out.flush();
            try {
                server.awaitClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private static StyleServer start(StyleNetwork network, ServeSettings settings) {
        try {
            return StyleServer.start(network, settings);
        } catch (RuntimeException e) {
            throw new CliException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + ErrorHandler.describe(e) + "; is another server on that port? (--port chooses another)", e);
        }
    }

    private static void say(PrintWriter err, String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
