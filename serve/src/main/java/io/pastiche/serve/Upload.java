package io.pastiche.serve;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What a stylize request sends: the photo, and for a style mask its label image. Either the body is the photo's
 * file, or a {@code multipart/form-data} body has the parts {@code image} and {@code mask}. Read into memory, never
 * onto disk, and refused with 413 as soon as it passes the limit.
 *
 * <p>The body is read before anything else about the request is judged: an answer sent while the client is still
 * sending makes the server close the connection under it, and the client then sees a reset instead of the answer.
 * For the same reason a body refused as too large is read to its end and dropped, as long as it is within twice the
 * limit.
 *
 * @param image the photo file's bytes
 * @param mask  the label image file's bytes; null without a mask
 */
record Upload(byte[] image, byte[] mask) {

    /**
     * Reads a request's upload.
     *
     * @param ctx      the request
     * @param maxBytes the most accepted, all parts together
     * @return the upload
     * @throws ApiError 413 {@code too_large} past the limit, 400 {@code no_image} without a photo
     */
    static Upload read(Context ctx, long maxBytes) {
        String length = ctx.header("Content-Length");
        if (length != null && !length.isEmpty() && length.chars().allMatch(Character::isDigit)) {
            long declared = length.length() > 18 ? Long.MAX_VALUE : Long.parseLong(length);
            if (declared > maxBytes) {
                if (declared <= 2 * maxBytes) {
                    discardRest(ctx, declared); // nothing is read yet: drop the whole body
                }
                throw tooLarge(maxBytes);
            }
        }
        String type = ctx.header("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            byte[] image = part(ctx, "image", maxBytes);
            byte[] mask = part(ctx, "mask", maxBytes);
            if (image == null) {
                throw new ApiError(400, "no_image", "the form has no 'image' part: send the photo's file as the "
                        + "part 'image' (and the mask's as 'mask')");
            }
            return new Upload(image, mask);
        }
        byte[] body = body(ctx, maxBytes);
        if (body.length == 0) {
            throw new ApiError(400, "no_image", "the request has no body: send the image file's bytes as the "
                    + "body (Content-Type image/jpeg or image/png)");
        }
        return new Upload(body, null);
    }

    /**
     * Checks that a mask came exactly when the query gave regions.
     *
     * @param wantMask whether the query gave regions
     * @throws ApiError 400 {@code bad_parameter} for a mask without regions or regions without a mask
     */
    void checkMask(boolean wantMask) {
        boolean hasMask = mask != null;
        if (wantMask && !hasMask) {
            throw ApiError.badParameter("region needs a mask: send the photo and the label image as the "
                    + "multipart/form-data parts 'image' and 'mask'");
        }
        if (!wantMask && hasMask) {
            throw ApiError.badParameter("a mask needs its regions: give region=#RRGGBB=NAME for each colour");
        }
    }

    private static byte[] part(Context ctx, String name, long maxBytes) {
        UploadedFile file;
        try {
            file = ctx.uploadedFile(name);
        } catch (RuntimeException e) {
            // Jetty refuses a form past its limits, or one it cannot parse, when it is first read
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("max") || message.contains("exceed") || message.contains("too large")) {
                discardRest(ctx, maxBytes); // the form parser has read up to the limit
                throw tooLarge(maxBytes);
            }
            throw new ApiError(400, "bad_form", "the multipart/form-data body cannot be read: " + e.getMessage());
        }
        if (file == null) {
            return null;
        }
        try (InputStream in = file.content()) {
            byte[] content = limited(in, maxBytes);
            if (content == null) {
                throw tooLarge(maxBytes);
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the part '" + name + "'", e);
        }
    }

    private static byte[] body(Context ctx, long maxBytes) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = limited(in, maxBytes);
            if (body == null) {
                drop(in, maxBytes);
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload", e);
        }
    }

    /** The stream's bytes, or null once they pass {@code maxBytes}. */
    private static byte[] limited(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (bytes.size() + (long) n > maxBytes) {
                return null;
            }
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }

    private static void discardRest(Context ctx, long bytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            drop(in, bytes);
        } catch (IOException | RuntimeException e) {
            // the answer goes out all the same; the connection is closed after it
        }
    }

    /** Reads and drops up to {@code bytes} more, so that a client still sending receives the answer. */
    private static void drop(InputStream in, long bytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        for (int n; dropped < bytes && (n = in.read(buffer)) > 0; ) {
            dropped += n;
        }
    }

    private static ApiError tooLarge(long maxBytes) {
        return new ApiError(413, "too_large", "the upload is larger than the server's limit of "
                + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes")
                + "; send a smaller file (scale the photo down or save it as JPEG)");
    }
}
