package io.pastiche.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pastiche.Rendering;
import io.pastiche.StyleMask;
import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over a real socket, with the default model on a real engine. */
class StyleServerTest {

    private static StyleNetwork network;
    private static StyleServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        network = StyleNetwork.loadDefault();
        server = StyleServer.start(network, ServeSettings.DEFAULT.withAddress("127.0.0.1", 0)
                .withLimits(2_000_000, 1_000_000));
        http = new Http(server.address());
    }

    @AfterAll
    static void stop() {
        server.close();
        network.close();
    }

    @Test
    void stylizedBytesAreTheLibrarysForTheSameOptions() {
        byte[] photo = Photos.sample();
        BufferedImage decoded = ImageFiles.read(photo, "sample", Long.MAX_VALUE);
        int scream = network.style("the_scream").index();
        int wave = network.style("great_wave").index();

        HttpResponse<byte[]> plain = http.post("/v1/stylize?style=the_scream", photo);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(plain.body()).isEqualTo(ImageFiles.encode(network.stylize(decoded, scream), "png"));

        HttpResponse<byte[]> byIndex = http.post("/v1/stylize?style=" + scream, photo);
        assertThat(byIndex.body()).isEqualTo(plain.body());

        Rendering rendering = new Rendering(0.6, true, 2);
        BufferedImage small = Resize.toFit(decoded, 300);
        HttpResponse<byte[]> mixed = http.post("/v1/stylize?mix=the_scream=0.7,great_wave=0.3&strength=0.6"
                + "&preserveColors=true&brushScale=2&maxSize=300&format=jpeg", photo);
        assertThat(mixed.statusCode()).isEqualTo(200);
        assertThat(mixed.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(mixed.body()).isEqualTo(ImageFiles.encode(rendering.render(network, small,
                StyleMix.of(scream, 0.7, wave, 0.3)), "jpg"));
    }

    @Test
    void aMaskSentWithThePhotoPaintsEachRegionAsTheLibraryDoes() {
        byte[] photo = Photos.sample();
        BufferedImage decoded = ImageFiles.read(photo, "sample", Long.MAX_VALUE);
        // drawn at a fifth of the photo's size: the server resizes it, as the command does
        BufferedImage labels = RandomModels.threeRegionLabels(90, 60);
        int scream = network.style("the_scream").index();
        int wave = network.style("great_wave").index();
        int night = network.style("starry_night").index();
        Map<Integer, StyleMix> byColour = new LinkedHashMap<>();
        byColour.put(0xff0000, StyleMix.of(scream));
        byColour.put(0x00ff00, StyleMix.of(scream, 0.5, wave, 0.5));
        byColour.put(0x0000ff, StyleMix.of(night));
        StyleMask mask = StyleMask.ofLabels(labels, byColour).resized(decoded.getWidth(), decoded.getHeight())
                .feathered(12);

        HttpResponse<byte[]> answer = http.postForm("/v1/stylize?region=%23ff0000=the_scream"
                + "&region=%2300ff00=the_scream=0.5,great_wave=0.5&region=%230000ff=" + night + "&feather=12",
                Map.of("image", photo, "mask", ImageFiles.encode(labels, "png")));

        assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(ImageFiles.encode(network.stylize(decoded, mask), "png"));

        byte[] labelFile = ImageFiles.encode(labels, "png");
        assertError(http.post("/v1/stylize?region=%23ff0000=the_scream", photo), 400, "bad_parameter",
                "multipart/form-data");
        assertError(http.postForm("/v1/stylize?style=the_scream", Map.of("image", photo, "mask", labelFile)), 400,
                "bad_parameter", "needs its regions");
        assertError(http.postForm("/v1/stylize?region=%23ff0000=the_scream", Map.of("image", photo,
                "mask", labelFile)), 422, "bad_mask", "#00ff00");
        assertError(http.postForm("/v1/stylize?region=%23ff0000=the_scream&region=%2300ff00=the_scream"
                + "&region=%230000ff=the_scream", Map.of("image", photo, "mask", ImageFiles.encode(
                        RandomModels.threeRegionLabels(90, 90), "png"))), 422, "bad_mask", "shapes differ");
        assertError(http.postForm("/v1/stylize?region=red=the_scream", Map.of("image", photo, "mask", labelFile)),
                400, "bad_parameter", "#RRGGBB=NAME");
        assertError(http.postForm("/v1/stylize?region=%23ff0000=the_scream", Map.of("mask", labelFile)), 400,
                "no_image", "'image'");
        assertError(http.post("/v1/stylize?style=the_scream&feather=3", photo), 400, "bad_parameter",
                "feather applies only");
    }

    @Test
    void stylesListEveryStyleWithItsPainterAndAPreview() {
        HttpResponse<byte[]> answer = http.get("/v1/styles");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode styles = Http.json(answer).get("styles");
        assertThat(styles).hasSize(network.styles().size());
        JsonNode first = styles.get(0);
        assertThat(first.get("name").asText()).isEqualTo(network.styles().get(0).name());
        assertThat(first.get("painter").asText()).isEqualTo(network.styles().get(0).painter()).isNotEmpty();

        HttpResponse<byte[]> preview = http.get(first.get("preview").asText());
        assertThat(preview.statusCode()).isEqualTo(200);
        BufferedImage picture = ImageFiles.read(preview.body(), "preview", Long.MAX_VALUE);
        assertThat(picture.getWidth()).isEqualTo(StylesHandler.PREVIEW_SIZE);
        assertThat(http.get(first.get("preview").asText()).body()).isEqualTo(preview.body());
        assertError(http.get("/v1/styles/no_such_style/preview.png"), 404, "unknown_style", "great_wave");
    }

    @Test
    void badRequestsGetAnErrorThatNamesTheProblem() {
        byte[] photo = Photos.sample();
        HttpResponse<byte[]> early = http.post("/v1/stylize?style=nope", photo);
        assertError(early, 404, "unknown_style", "the_scream");
        // an error answer to a POST closes its connection (the body may be left unread), so the next request cannot
        // find a reused connection closed under it
        assertThat(early.headers().firstValue("Connection")).hasValue("close");
        assertError(http.post("/v1/stylize?style=99", photo), 404, "unknown_style", "0 to 15");
        assertError(http.post("/v1/stylize", photo), 400, "bad_parameter", "give a style");
        assertError(http.post("/v1/stylize?style=the_scream&mix=great_wave=1", photo), 400, "bad_parameter",
                "one of style, mix and region");
        assertError(http.post("/v1/stylize?style=the_scream&strenght=0.5", photo), 400, "bad_parameter",
                "unknown parameter 'strenght'");
        assertError(http.post("/v1/stylize?style=the_scream&strength=2", photo), 400, "bad_parameter",
                "from 0");
        assertError(http.post("/v1/stylize?style=the_scream&brushScale=x", photo), 400, "bad_parameter",
                "brushScale must be a number");
        assertError(http.post("/v1/stylize?mix=the_scream", photo), 400, "bad_parameter", "no weight");
        assertError(http.post("/v1/stylize?mix=the_scream=much", photo), 400, "bad_parameter",
                "the weight of the_scream in mix must be a number");
        assertError(http.post("/v1/stylize?style=the_scream&format=gif", photo), 400, "bad_parameter",
                "png or jpeg");
        assertError(http.post("/v1/stylize?style=the_scream", new byte[0]), 400, "no_image", "no body");
        assertError(http.post("/v1/stylize?style=the_scream", "not a picture".getBytes()), 422, "bad_image",
                "not an image");
        assertError(http.post("/v1/stylize?style=the_scream", new byte[2_000_001]), 413, "too_large",
                "limit");
        assertError(http.post("/v1/stylize?style=the_scream", Photos.jpeg(1001, 1000)), 413,
                "too_many_pixels", "1001");
        assertError(http.post("/v1/stylize?style=the_scream&brushScale=200", photo), 422, "bad_image",
                "brush scale");
        assertError(http.get("/v1/nothing"), 404, "not_found", "/v1/openapi.json");
    }

    @Test
    void aClientStillSendingItsUploadReceivesTheAnswer() {
        // The server finds these errors while the client is still sending; it must answer, not reset the connection.
        byte[] nearTheLimit = new byte[1_900_000];
        byte[] overTheLimit = new byte[3_900_000];
        for (int i = 0; i < 20; i++) {
            assertError(http.post("/v1/stylize?style=nope", nearTheLimit), 404, "unknown_style", "the_scream");
            assertError(http.post("/v1/stylize?style=the_scream", overTheLimit), 413, "too_large", "limit");
        }
    }

    @Test
    void healthSaysItTakesWork() {
        HttpResponse<byte[]> answer = http.get("/v1/health");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode health = Http.json(answer);
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("backend").asText()).isEqualTo(network.backend());
        assertThat(health.get("queueCapacity").asInt()).isEqualTo(ServeSettings.DEFAULT.queueCapacity());
    }

    @Test
    void theOpenApiDescriptionHasEveryRouteAndEveryParameter() {
        JsonNode api = Http.json(http.get("/v1/openapi.json"));
        List<String> paths = new ArrayList<>();
        api.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/v1/styles", "/v1/styles/{name}/preview.png",
                "/v1/stylize", "/v1/health", "/v1/openapi.json");
        List<String> parameters = new ArrayList<>();
        for (Iterator<JsonNode> it = api.at("/paths/~1v1~1stylize/post/parameters").elements(); it.hasNext(); ) {
            parameters.add(it.next().get("name").asText());
        }
        assertThat(parameters).containsExactlyInAnyOrderElementsOf(StylizeParameters.NAMES);
        List<String> codes = new ArrayList<>();
        api.at("/components/schemas/Error/properties/error/properties/code/enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).contains("bad_parameter", "unknown_style", "too_large", "overloaded", "timeout");
    }

    @Test
    void thePageAndItsFilesAreServed() {
        HttpResponse<byte[]> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body())).contains("<script src=\"app.js\"");
        for (String file : List.of("/app.js", "/style.css")) {
            assertThat(http.get(file).statusCode()).as(file).isEqualTo(200);
        }
    }

    static void assertError(HttpResponse<byte[]> answer, int status, String code, String inMessage) {
        assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = Http.json(answer).get("error");
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(inMessage);
    }
}
