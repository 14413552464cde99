package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.serve.ServeSettings;
import io.pastiche.serve.StyleServer;
import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** docs/serve.md's "In your own application", as an application would write it. */
class ServeConsumerTest {

    @Test
    void anEmbeddedServerAnswersOverHttp() throws Exception {
        try (StyleNetwork network = StyleNetwork.loadDefault();
             StyleServer server = StyleServer.start(network, ServeSettings.DEFAULT.withAddress("127.0.0.1", 0))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.address().resolve("/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"status\":\"ok\""), health.body());

            BufferedImage photo = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(server.address().resolve(
                            "/v1/stylize?style=0")).POST(HttpRequest.BodyPublishers.ofByteArray(
                            ImageFiles.encode(photo, "png"))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, answer.statusCode());
            assertEquals("image/png", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals(64, ImageFiles.read(answer.body(), "answer", 1_000_000).getWidth());
        }
    }
}
