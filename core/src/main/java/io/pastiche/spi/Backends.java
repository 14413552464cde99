package io.pastiche.spi;

import io.pastiche.BackendException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds backend providers and chooses one, in this order, the only one:
 * <ol>
 *   <li>the name passed explicitly (for example {@code LoadOptions.defaults().withBackend("djl")});</li>
 *   <li>the system property {@value #PROPERTY};</li>
 *   <li>the environment variable {@value #ENVIRONMENT};</li>
 *   <li>the available provider of highest {@link BackendProvider#rank() rank}.</li>
 * </ol>
 * A name chosen by 1-3 must be available; there is no silent fallback to another backend.
 */
public final class Backends {

    /** System property naming the backend. */
    public static final String PROPERTY = "pastiche.backend";
    /** Environment variable naming the backend. */
    public static final String ENVIRONMENT = "PASTICHE_BACKEND";

    private final List<BackendProvider> providers;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    Backends(List<BackendProvider> providers, Function<String, String> properties,
             Function<String, String> environment) {
        this.providers = List.copyOf(providers);
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Finds the providers with {@link ServiceLoader}, on the class path of this class's loader, and reads the real
     * system properties and environment when choosing. Constructs every provider found, which loads no native
     * library.
     *
     * @return a new chooser; call it again to see providers added since
     */
    public static Backends discover() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        return new Backends(found, System::getProperty, System::getenv);
    }

    /**
     * The providers found, available or not.
     *
     * @return a new list, highest rank first, ties by name
     */
    public List<BackendProvider> providers() {
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::rank).reversed()
                .thenComparing(BackendProvider::name));
        return sorted;
    }

    /**
     * Chooses a provider.
     *
     * @param explicit a backend name, or null (or blank) to consult the system property, the environment, then
     *                 the ranks; names are trimmed and compared ignoring case
     * @return the chosen provider, not yet opened
     * @throws BackendException if the chosen name is unknown or unavailable, or no provider is available; the
     *                          message lists every provider found and why each is unavailable
     */
    public BackendProvider choose(String explicit) {
        Optional<Choice> named = firstNonBlank(
                explicit == null ? null : new Choice(explicit, "the explicit argument"),
                new Choice(properties.apply(PROPERTY), "system property " + PROPERTY),
                new Choice(environment.apply(ENVIRONMENT), "environment variable " + ENVIRONMENT));
        if (named.isPresent()) {
            String name = named.get().value().trim().toLowerCase(Locale.ROOT);
            String source = named.get().source();
            for (BackendProvider provider : providers) {
                if (provider.name().equalsIgnoreCase(name)) {
                    Availability availability = provider.availability();
                    if (!availability.available()) {
                        throw new BackendException("backend '" + name + "' (from " + source
                                + ") is unavailable: " + availability.reason() + "\n" + describe());
                    }
                    return provider;
                }
            }
            throw new BackendException("no backend named '" + name + "' (from " + source + ").\n" + describe());
        }
        for (BackendProvider provider : providers()) {
            if (provider.availability().available()) {
                return provider;
            }
        }
        throw new BackendException("no backend is available.\n" + describe());
    }

    private record Choice(String value, String source) {
    }

    private static Optional<Choice> firstNonBlank(Choice... choices) {
        for (Choice choice : choices) {
            if (choice != null && choice.value() != null && !choice.value().isBlank()) {
                return Optional.of(choice);
            }
        }
        return Optional.empty();
    }

    /**
     * For messages: every provider found and whether it is available.
     *
     * @return one line per provider with its rank and availability (or the reason it is unavailable); if none is
     *         found, which dependency to add
     */
    public String describe() {
        if (providers.isEmpty()) {
            return "No backend was found on the class path. Add a backend module as a dependency: "
                    + "io.pastiche:pastiche-backend-tensorflow, io.pastiche:pastiche-backend-djl or "
                    + "io.pastiche:pastiche-backend-nd4j (see docs/spi.md).";
        }
        StringBuilder text = new StringBuilder("Backends found:");
        for (BackendProvider provider : providers()) {
            Availability availability = provider.availability();
            text.append("\n  ").append(provider.name()).append(" (rank ").append(provider.rank()).append("): ")
                    .append(availability.available() ? "available" : "unavailable, " + availability.reason());
        }
        return text.toString();
    }
}
