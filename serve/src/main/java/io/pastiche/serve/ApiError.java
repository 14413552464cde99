package io.pastiche.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that cannot be served, as the client sees it: an HTTP status, a stable code a program can test and a
 * message for people that names the problem and what would fix it. Sent as
 * {@code {"error": {"status": 400, "code": "unknown_style", "message": "..."}}}.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The status. */
    final int status;
    /** The stable code, in snake case. */
    final String code;
    /** Seconds after which a retry may succeed (503 only), or 0. */
    final long retryAfterSeconds;

    ApiError(int status, String code, String message) {
        this(status, code, message, 0);
    }

    ApiError(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError badParameter(String message) {
        return new ApiError(400, "bad_parameter", message);
    }

    /** The JSON body. */
    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("code", code);
        error.put("message", getMessage());
        return Map.of("error", error);
    }
}
