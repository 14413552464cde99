package io.pastiche.serve;

/** Whether the server still takes work: once closing begins, new work is answered 503 while old work finishes. */
final class Lifecycle {

    private volatile boolean closing;

    void beginClosing() {
        closing = true;
    }

    boolean closing() {
        return closing;
    }

    /**
     * @throws ApiError 503 {@code shutting_down} once closing began
     */
    void checkOpen() {
        if (closing) {
            throw new ApiError(503, "shutting_down", "the server is shutting down; try again in a moment", 5);
        }
    }
}
