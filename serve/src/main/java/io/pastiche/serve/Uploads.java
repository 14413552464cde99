package io.pastiche.serve;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request's body, the image, refusing it with 413 as soon as it passes the limit. */
final class Uploads {

    private Uploads() {
    }

    /**
     * The body's bytes.
     *
     * @param ctx      the request
     * @param maxBytes the most accepted
     * @return the body, not empty
     * @throws ApiError 413 {@code too_large} past the limit (by its Content-Length, before reading, or while
     *                  reading a body without one), 400 {@code no_image} if empty
     */
    static byte[] read(Context ctx, long maxBytes) {
        String length = ctx.header("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                && (length.length() > 18 || Long.parseLong(length) > maxBytes)) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = ctx.bodyInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (bytes.size() + (long) n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                bytes.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload", e);
        }
        if (bytes.size() == 0) {
            throw new ApiError(400, "no_image", "the request has no body: send the image file's bytes as the "
                    + "body (Content-Type image/jpeg or image/png)");
        }
        return bytes.toByteArray();
    }

    private static ApiError tooLarge(long maxBytes) {
        return new ApiError(413, "too_large", "the upload is larger than the server's limit of "
                + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes")
                + "; send a smaller file (scale the photo down or save it as JPEG)");
    }
}
