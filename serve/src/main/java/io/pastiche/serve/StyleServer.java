package io.pastiche.serve;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.pastiche.StyleNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Style transfer over HTTP, for one loaded network: a web page to try every style on one's own photos, and an API.
 *
 * <ul>
 *   <li>{@code GET /} the page; {@code GET /v1/openapi.json} the API's OpenAPI description;</li>
 *   <li>{@code GET /v1/styles} the styles as JSON; {@code GET /v1/styles/{name}/preview.png} a small picture in
 *       that style;</li>
 *   <li>{@code POST /v1/stylize?style=NAME} with an image as the body: the pastiche (PNG, or JPEG with
 *       {@code format=jpeg}), byte for byte what {@code pastiche stylize} writes;</li>
 *   <li>{@code GET /v1/health} whether it takes work, and how much waits.</li>
 * </ul>
 *
 * <p>Every request shares the network (it is thread-safe); the stylizing runs on a fixed number of workers behind a
 * bounded queue, so that overload is answered {@code 503} with {@code Retry-After} rather than growing memory.
 * Failures are JSON: {@code {"error": {"status", "code", "message"}}}. Nothing is written to disk.
 *
 * <pre>{@code
 * try (StyleNetwork network = StyleNetwork.loadDefault();
 *      StyleServer server = StyleServer.start(network, ServeSettings.DEFAULT)) {
 *     System.out.println("open " + server.address());
 *     server.awaitClose();
 * }
 * }</pre>
 */
public final class StyleServer implements AutoCloseable {

    private static final String PAGE = "/io/pastiche/serve/page";

    private final Javalin app;
    private final WorkQueue queue;
    private final Lifecycle lifecycle = new Lifecycle();
    private final ServeSettings settings;
    private final Object closed = new Object();
    private boolean done;

    private StyleServer(StyleNetwork network, ServeSettings settings) {
        this.settings = settings;
        this.queue = new WorkQueue(settings.workers(), settings.queueCapacity(), settings.requestTimeout());
        StylizeHandler stylize = new StylizeHandler(network, settings, queue, lifecycle);
        StylesHandler styles = new StylesHandler(network, queue);
        byte[] openApi = resource("/io/pastiche/serve/openapi.json");
        this.app = Javalin.create(config -> {
            quiet(config);
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            // Jetty then waits for responses still being written when the server stops.
            config.jetty.modifyServer(server -> server.setStopTimeout(5_000));
            config.staticFiles.add(PAGE, Location.CLASSPATH);
            // A form (photo and mask) is held in memory up to the upload limit, never spooled to disk.
            long limit = settings.maxUploadBytes();
            config.jetty.multipartConfig.maxTotalRequestSize(limit, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(limit, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, limit),
                    SizeUnit.BYTES);
            config.routes.post("/v1/stylize", stylize);
            config.routes.get("/v1/styles", styles::list);
            config.routes.get("/v1/styles/{name}/preview.png", styles::preview);
            config.routes.get("/v1/health", ctx -> health(ctx, network));
            config.routes.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.exception(Exception.class, (failure, ctx) -> Responses.error(ctx, failure));
            config.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/v1/") && ctx.attribute(Responses.ANSWERED) == null) {
                    Responses.error(ctx, new ApiError(404, "not_found", "no " + ctx.method() + " " + ctx.path()
                            + "; the API is described at /v1/openapi.json"));
                }
            });
        });
    }

    /**
     * Starts a server for a network. The caller keeps the network, and closes it after the server.
     *
     * @param network  the network every request uses
     * @param settings the address, limits and queue
     * @return the server, listening
     * @throws io.javalin.util.JavalinException if it cannot listen (the port is taken, the host is not this
     *                                          machine's)
     */
    public static StyleServer start(StyleNetwork network, ServeSettings settings) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(settings, "settings");
        StyleServer server = new StyleServer(network, settings);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.queue.close();
            throw e;
        }
        return server;
    }

    /**
     * The port it listens on: the one asked for, or the one picked when 0 was.
     *
     * @return the port
     */
    public int port() {
        return app.port();
    }

    /**
     * The page's address, for example {@code http://127.0.0.1:8080/}.
     *
     * @return the address; {@code 0.0.0.0} is shown as {@code 127.0.0.1}
     */
    public URI address() {
        String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /**
     * Waits until {@link #close()} has finished, from another thread or a shutdown hook.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        synchronized (closed) {
            while (!done) {
                closed.wait();
            }
        }
    }

    /**
     * Stops gracefully: new stylize requests are answered 503 at once, the ones queued and running finish (up to
     * the settings' shutdown grace, then they are interrupted), their answers are sent, and the server stops
     * listening. Does not close the network. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closed) {
            if (done) {
                return;
            }
            lifecycle.beginClosing();
        }
        try {
            queue.drain(settings.shutdownGrace());
            app.stop();
        } finally {
            queue.close();
            synchronized (closed) {
                done = true;
                closed.notifyAll();
            }
        }
    }

    private void health(Context ctx, StyleNetwork network) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", lifecycle.closing() ? "shutting_down" : "ok");
        body.put("backend", network.backend());
        body.put("styles", network.styles().size());
        body.put("workers", settings.workers());
        body.put("running", queue.running());
        body.put("waiting", queue.waiting());
        body.put("queueCapacity", settings.queueCapacity());
        Responses.json(ctx, lifecycle.closing() ? 503 : 200, body);
    }

    private static void quiet(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
    }

    private static byte[] resource(String name) {
        try (InputStream in = StyleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
