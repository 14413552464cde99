package io.pastiche.serve;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.Resize;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/stylize}: the body is an image file (JPEG, PNG, BMP, WebP, TIFF), or a form with the photo and
 * a style mask's label image ({@link Upload}); the query says the style and rendering ({@link StylizeParameters});
 * the answer is the pastiche as PNG or JPEG, the same bytes {@code pastiche stylize} writes for the same photo and
 * options. Parameters and upload size are checked on the
 * request's thread; decoding, stylizing and encoding run on the {@link WorkQueue}, and nothing touches the disk.
 */
final class StylizeHandler implements Handler {

    private final StyleNetwork network;
    private final ServeSettings settings;
    private final WorkQueue queue;
    private final Lifecycle lifecycle;

    StylizeHandler(StyleNetwork network, ServeSettings settings, WorkQueue queue, Lifecycle lifecycle) {
        this.network = network;
        this.settings = settings;
        this.queue = queue;
        this.lifecycle = lifecycle;
    }

    @Override
    public void handle(Context ctx) {
        // The upload is read before anything is judged: answered while it still sends, a client finds the
        // connection closed under its answer ("broken pipe", "connection reset") instead of the answer.
        Upload upload = Upload.read(ctx, settings.maxUploadBytes());
        lifecycle.checkOpen();
        StylizeParameters parameters = StylizeParameters.of(ctx.queryParamMap(), network);
        upload.checkMask(parameters.regions() != null);
        long start = System.nanoTime();
        CompletableFuture<byte[]> result = queue.submit(() -> stylize(upload, parameters));
        ctx.future(() -> result.handle((bytes, failure) -> {
            if (failure != null) {
                Responses.error(ctx, failure);
            } else {
                ctx.contentType(parameters.mediaType())
                        .header("Content-Disposition", "inline; filename=\"" + parameters.fileName() + "\"")
                        .header("Server-Timing", String.format(Locale.ROOT, "stylize;dur=%.1f",
                                (System.nanoTime() - start) / 1e6))
                        .result(bytes);
            }
            return null;
        }));
    }

    private byte[] stylize(Upload upload, StylizeParameters parameters) {
        BufferedImage photo = ImageFiles.read(upload.image(), "the uploaded image", settings.maxPixels());
        if (parameters.maxSize() > 0) {
            photo = Resize.toFit(photo, parameters.maxSize());
        }
        Regions regions = parameters.regions();
        BufferedImage pastiche;
        if (regions == null) {
            pastiche = parameters.rendering().render(network, photo, parameters.mix());
        } else {
            BufferedImage labels = ImageFiles.read(upload.mask(), "the mask", settings.maxPixels());
            pastiche = parameters.rendering().render(network, photo, painted -> network.stylize(painted,
                    regions.fit(labels, painted.getWidth(), painted.getHeight())));
        }
        return ImageFiles.encode(pastiche, parameters.format());
    }
}
