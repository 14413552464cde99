package io.pastiche.serve;

import io.javalin.http.Context;
import io.pastiche.Style;
import io.pastiche.StyleMix;
import io.pastiche.StyleNetwork;
import io.pastiche.UnknownStyleException;
import io.pastiche.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/styles}, the model's styles as JSON (index, name, painter, source and the address of a preview),
 * and {@code GET /v1/styles/{name}/preview.png}, a small picture ({@link PreviewPicture}) in that style, rendered
 * on the work queue once and then kept.
 */
final class StylesHandler {

    /** The previews' width and height. */
    static final int PREVIEW_SIZE = 128;

    private final StyleNetwork network;
    private final WorkQueue queue;
    private final Map<Integer, CompletableFuture<byte[]>> previews = new ConcurrentHashMap<>();

    StylesHandler(StyleNetwork network, WorkQueue queue) {
        this.network = network;
        this.queue = queue;
    }

    void list(Context ctx) {
        List<Map<String, Object>> styles = new ArrayList<>();
        for (Style style : network.styles()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", style.index());
            item.put("name", style.name());
            item.put("painter", style.painter());
            item.put("source", style.source());
            item.put("preview", "/v1/styles/" + URLEncoder.encode(style.name(), StandardCharsets.UTF_8)
                    + "/preview.png");
            styles.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", network.backend());
        body.put("minimumSize", network.model().spec().minimumInputSize());
        body.put("styles", styles);
        Responses.json(ctx, 200, body);
    }

    void preview(Context ctx) {
        Style style;
        try {
            style = network.style(ctx.pathParam("name"));
        } catch (UnknownStyleException e) {
            throw new ApiError(404, "unknown_style", e.getMessage());
        }
        CompletableFuture<byte[]> picture = previews.computeIfAbsent(style.index(), index -> render(index));
        ctx.future(() -> picture.handle((bytes, failure) -> {
            if (failure != null) {
                previews.remove(style.index(), picture); // a refusal (busy) is not kept: the next ask retries
                Responses.error(ctx, failure);
            } else {
                ctx.contentType("image/png").header("Cache-Control", "max-age=86400").result(bytes);
            }
            return null;
        }));
    }

    private CompletableFuture<byte[]> render(int index) {
        try {
            return queue.submit(() -> {
                BufferedImage picture = PreviewPicture.draw(PREVIEW_SIZE);
                return ImageFiles.encode(network.stylize(picture, StyleMix.of(index)), "png");
            });
        } catch (ApiError busy) {
            return CompletableFuture.failedFuture(busy);
        }
    }
}
