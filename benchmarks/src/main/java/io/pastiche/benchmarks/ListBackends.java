package io.pastiche.benchmarks;

import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import java.util.List;

/**
 * Prints the available backends found by {@code ServiceLoader}, comma-separated, highest rank first; with
 * {@code -v}, every provider and why an unavailable one is. benchmarks/bench passes the list to JMH as
 * {@code -p backend=...}.
 */
public final class ListBackends {

    private ListBackends() {
    }

    public static void main(String[] args) {
        Backends backends = Backends.discover();
        if (args.length > 0 && args[0].equals("-v")) {
            System.out.println(backends.describe());
            return;
        }
        System.out.println(String.join(",", available(backends)));
    }

    /** The names of the available providers, highest rank first. */
    public static List<String> available(Backends backends) {
        return backends.providers().stream().filter(p -> p.availability().available())
                .map(BackendProvider::name).toList();
    }
}
