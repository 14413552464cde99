package io.pastiche.serve;

import static io.pastiche.serve.StyleServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Overload, time limits and shutdown, each with a picture large enough (1280 x 1280, a second or more of work on a
 * CPU) that the server is certainly busy with it while the test sends the rest.
 */
class QueueAndShutdownTest {

    private static final String STYLIZE = "/v1/stylize?style=the_scream";
    private static StyleNetwork network;
    private static byte[] large;

    @BeforeAll
    static void load() {
        network = StyleNetwork.loadDefault();
        large = Photos.jpeg(1280, 1280);
    }

    @AfterAll
    static void close() {
        network.close();
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndTheQueuedRequestsStillSucceed() throws Exception {
        try (StyleServer server = start(ServeSettings.DEFAULT.withQueue(1, 1))) {
            Http http = new Http(server.address());
            CompletableFuture<HttpResponse<byte[]>> running = CompletableFuture.supplyAsync(
                    () -> http.post(STYLIZE, large));
            awaitRunning(http, 1);
            CompletableFuture<HttpResponse<byte[]>> waiting = CompletableFuture.supplyAsync(
                    () -> http.post(STYLIZE, Photos.sample()));
            awaitWaiting(http, 1);
            List<HttpResponse<byte[]>> refused = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                refused.add(http.post(STYLIZE, Photos.sample()));
            }
            for (HttpResponse<byte[]> answer : refused) {
                assertError(answer, 503, "overloaded", "busy");
                assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            }
            assertThat(running.get().statusCode()).isEqualTo(200);
            assertThat(waiting.get().statusCode()).isEqualTo(200);
            assertThat(ImageFiles.read(running.get().body(), "answer", Long.MAX_VALUE).getWidth()).isEqualTo(1280);
        }
    }

    @Test
    void aRequestPastTheTimeLimitIsAnswered503AndTheWorkerGoesOn() throws InterruptedException {
        try (StyleServer server = start(ServeSettings.DEFAULT.withTimes(Duration.ofMillis(300),
                Duration.ofSeconds(30)))) {
            Http http = new Http(server.address());
            assertError(http.post(STYLIZE, large), 503, "timeout", "maxSize");
            // the worker finishes the late picture (a whole call is not interruptible), drops it, and goes on
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Http.json(http.get("/v1/health")).get("running").asInt() > 0) {
                assertThat(System.nanoTime()).as("the late picture ends").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(http.post("/v1/stylize?style=the_scream&maxSize=64", Photos.sample()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void closingAnswersTheRequestsInFlightAndRefusesNewOnes() throws Exception {
        StyleServer server = start(ServeSettings.DEFAULT);
        Http http = new Http(server.address());
        CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(
                () -> http.post(STYLIZE, large));
        awaitRunning(http, 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.get("/v1/health").statusCode() != 503) {
            assertThat(System.nanoTime()).as("health says shutting_down").isLessThan(deadline);
            Thread.sleep(20);
        }
        // answered before its upload was read, a client still sending would write into a closed connection
        // ("broken pipe") instead of reading the 503: a few uploads of 2 MB (never decoded) while the large
        // picture still runs
        for (int i = 0; i < 5; i++) {
            assertError(http.post(STYLIZE, new byte[2_000_000]), 503, "shutting_down", "shutting down");
        }
        HttpResponse<byte[]> answered = inFlight.get();
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(ImageFiles.read(answered.body(), "answer", Long.MAX_VALUE).getHeight()).isEqualTo(1280);
        closing.get();
        server.close(); // idempotent
    }

    private static StyleServer start(ServeSettings settings) {
        return StyleServer.start(network, settings.withAddress("127.0.0.1", 0));
    }

    private static void awaitRunning(Http http, int count) throws InterruptedException {
        await(http, "running", count);
    }

    private static void awaitWaiting(Http http, int count) throws InterruptedException {
        await(http, "waiting", count);
    }

    private static void await(Http http, String field, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Http.json(http.get("/v1/health")).get(field).asInt() < count) {
            assertThat(System.nanoTime()).as("health says " + field + " " + count).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
