package io.pastiche.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pastiche.ImageFormatException;
import io.pastiche.NativeMemoryException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON answers, and turns every failure into the {@link ApiError} the client sees. */
final class Responses {

    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks a request whose error is already written, so that the fallback 404 handler leaves it. */
    static final String ANSWERED = "pastiche.errorWritten";

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain maps, lists and strings always serialise
        }
    }

    static void error(Context ctx, Throwable failure) {
        ApiError error = asApiError(failure);
        ctx.attribute(ANSWERED, true);
        if (error.retryAfterSeconds > 0) {
            ctx.header("Retry-After", Long.toString(error.retryAfterSeconds));
        }
        if (!"GET".equals(ctx.req().getMethod())) {
            // Part of the body may be left unread (an upload far past the limit); Jetty then closes the connection
            // after the answer, and a client reusing it for its next request would find it closed under it. Saying
            // so makes the client open a new one.
            ctx.header("Connection", "close");
        }
        json(ctx, error.status, error.body());
    }

    /** What the client is told about a failure; unexpected ones are logged with their stack and told as 500. */
    static ApiError asApiError(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiError api) {
            return api;
        }
        if (cause instanceof TimeoutException || cause instanceof CancellationException) {
            return new ApiError(503, "timeout", "the picture took longer than the server's limit; send a smaller "
                    + "one, or ask for maxSize=1024", 5);
        }
        if (cause instanceof ImageFormatException e) {
            return e.getMessage().contains("more than the limit")
                    ? new ApiError(413, "too_many_pixels", e.getMessage() + "; scale it down before sending")
                    : new ApiError(422, "bad_image", e.getMessage());
        }
        if (cause instanceof NativeMemoryException || cause instanceof OutOfMemoryError) {
            return new ApiError(503, "out_of_memory", "the server has not the memory for this picture now; "
                    + "send a smaller one or retry later", 10);
        }
        LOG.error("request failed", cause);
        return new ApiError(500, "internal", "the server failed: " + cause);
    }
}
