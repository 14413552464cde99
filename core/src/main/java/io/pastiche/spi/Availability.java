package io.pastiche.spi;

/**
 * Whether a backend can be opened here, and if not, why, in words a person can act on (for example "class
 * ai.djl.engine.Engine not found: add pastiche-backend-djl's runtime dependencies"). Immutable.
 *
 * @param available true if {@link BackendProvider#open()} is expected to succeed
 * @param reason    why it is unavailable; empty when available
 */
public record Availability(boolean available, String reason) {

    /**
     * Available.
     *
     * @return available, with an empty reason
     */
    public static Availability yes() {
        return new Availability(true, "");
    }

    /**
     * Unavailable, and why.
     *
     * @param reason what is missing and how to fix it; shown to the user as given
     * @return unavailable, with that reason
     */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
