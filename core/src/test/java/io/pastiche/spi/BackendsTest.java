package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.BackendException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private record Fake(String name, int rank, Availability availability) implements BackendProvider {
        @Override
        public Engine start(io.pastiche.Device device) {
            throw new UnsupportedOperationException();
        }
    }

    private final Fake fast = new Fake("fast", 200, Availability.no("no natives for this platform"));
    private final Fake slow = new Fake("slow", 50, Availability.yes());
    private final Fake other = new Fake("other", 100, Availability.yes());

    private Backends backends(Map<String, String> properties, Map<String, String> environment) {
        return new Backends(List.of(slow, fast, other), properties::get, environment::get);
    }

    @Test
    void explicitNameWinsOverPropertyAndEnvironment() {
        Backends b = backends(Map.of(Backends.PROPERTY, "other"), Map.of(Backends.ENVIRONMENT, "other"));
        assertThat(b.choose("slow")).isSameAs(slow);
    }

    @Test
    void propertyWinsOverEnvironment() {
        Backends b = backends(Map.of(Backends.PROPERTY, "SLOW"), Map.of(Backends.ENVIRONMENT, "other"));
        assertThat(b.choose(null)).isSameAs(slow);
    }

    @Test
    void environmentWinsOverRank() {
        assertThat(backends(Map.of(), Map.of(Backends.ENVIRONMENT, "slow")).choose(null)).isSameAs(slow);
    }

    @Test
    void otherwiseTheHighestRankedAvailableProvider() {
        assertThat(backends(Map.of(), Map.of()).choose(null)).isSameAs(other);
    }

    @Test
    void unknownNameListsEveryProviderAndWhy() {
        assertThatThrownBy(() -> backends(Map.of(), Map.of()).choose("tpu"))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("no backend named 'tpu' (from the explicit argument)")
                .hasMessageContaining("fast (rank 200): unavailable, no natives for this platform")
                .hasMessageContaining("other (rank 100): available");
    }

    @Test
    void unavailableNamedBackendIsAnErrorNotAFallback() {
        assertThatThrownBy(() -> backends(Map.of(Backends.PROPERTY, "fast"), Map.of()).choose(null))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("backend 'fast' (from system property pastiche.backend) is unavailable: "
                        + "no natives for this platform");
    }

    @Test
    void noProviderSaysWhatToAdd() {
        Backends none = new Backends(List.of(), k -> null, k -> null);
        assertThatThrownBy(() -> none.choose(null))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("No backend was found on the class path")
                .hasMessageContaining("pastiche-backend-djl");
    }

    @Test
    void providersAreCheapToAskAndNeverOpenedWhileChoosing() {
        Backends b = backends(Map.of(), Map.of());
        assertThat(b.providers()).extracting(BackendProvider::name).containsExactly("fast", "other", "slow");
    }
}
