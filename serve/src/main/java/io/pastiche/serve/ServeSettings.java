package io.pastiche.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link StyleServer} listens and what it accepts. Immutable; start from {@link #DEFAULT} and change what
 * differs with the {@code with...} methods.
 *
 * @param host           the address to listen on: {@code 127.0.0.1} (this machine only, the default) or
 *                       {@code 0.0.0.0} (every interface)
 * @param port           the port; 0 picks a free one ({@link StyleServer#port()} tells which)
 * @param maxUploadBytes the largest image upload accepted; a larger one is answered 413
 * @param maxPixels      the most pixels (width x height) of an uploaded image, checked from its header before it
 *                       is decoded; a larger one is answered 413
 * @param workers        how many pictures are stylized at once; each call already uses every core, so 1 is the
 *                       fastest on a CPU
 * @param queueCapacity  how many requests may wait for a worker; when full, new ones are answered 503 with
 *                       {@code Retry-After}, so memory stays bounded under any load
 * @param requestTimeout the longest a request may take, waiting included; it is then answered 503 and its work
 *                       stopped where the engine allows (between tiles)
 * @param shutdownGrace  how long {@link StyleServer#close()} waits for requests in flight
 */
public record ServeSettings(String host, int port, long maxUploadBytes, long maxPixels, int workers,
                            int queueCapacity, Duration requestTimeout, Duration shutdownGrace) {

    /** Port 8080 on 127.0.0.1, 32 MiB and 4096 x 4096 pixels per image, one worker, 16 waiting, 2 minutes. */
    public static final ServeSettings DEFAULT = new ServeSettings("127.0.0.1", 8080, 32L << 20, 4096L * 4096L, 1,
            16, Duration.ofMinutes(2), Duration.ofSeconds(30));

    /**
     * Checks the settings.
     *
     * @param host           the address to listen on
     * @param port           the port, 0 for any free one
     * @param maxUploadBytes the largest upload, at least 1
     * @param maxPixels      the most pixels of an image, at least 1
     * @param workers        pictures stylized at once, at least 1
     * @param queueCapacity  requests that may wait, 0 or more
     * @param requestTimeout the longest a request may take, positive
     * @param shutdownGrace  how long closing waits, not negative
     * @throws IllegalArgumentException if a number is out of its range
     * @throws NullPointerException     if the host or a duration is null
     */
    public ServeSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a port is from 0 (any free one) to 65535, was " + port);
        }
        if (maxUploadBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("the upload limits must be positive, were " + maxUploadBytes
                    + " bytes and " + maxPixels + " pixels");
        }
        if (workers < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("at least 1 worker and a queue of 0 or more are needed, were "
                    + workers + " and " + queueCapacity);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("the request timeout must be positive and the shutdown grace not "
                    + "negative, were " + requestTimeout + " and " + shutdownGrace);
        }
    }

    /**
     * These settings on another address.
     *
     * @param newHost the address to listen on
     * @param newPort the port, 0 for any free one
     * @return the new settings
     */
    public ServeSettings withAddress(String newHost, int newPort) {
        return new ServeSettings(newHost, newPort, maxUploadBytes, maxPixels, workers, queueCapacity,
                requestTimeout, shutdownGrace);
    }

    /**
     * These settings with other upload limits.
     *
     * @param bytes  the largest upload
     * @param pixels the most pixels of an image
     * @return the new settings
     */
    public ServeSettings withLimits(long bytes, long pixels) {
        return new ServeSettings(host, port, bytes, pixels, workers, queueCapacity, requestTimeout, shutdownGrace);
    }

    /**
     * These settings with another number of workers and queue size.
     *
     * @param newWorkers  pictures stylized at once
     * @param newCapacity requests that may wait
     * @return the new settings
     */
    public ServeSettings withQueue(int newWorkers, int newCapacity) {
        return new ServeSettings(host, port, maxUploadBytes, maxPixels, newWorkers, newCapacity, requestTimeout,
                shutdownGrace);
    }

    /**
     * These settings with other time limits.
     *
     * @param newTimeout the longest a request may take
     * @param newGrace   how long closing waits for requests in flight
     * @return the new settings
     */
    public ServeSettings withTimes(Duration newTimeout, Duration newGrace) {
        return new ServeSettings(host, port, maxUploadBytes, maxPixels, workers, queueCapacity, newTimeout,
                newGrace);
    }
}
