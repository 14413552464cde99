package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import org.junit.jupiter.api.Test;

class DjlBackendProviderTest {

    @Test
    void isAvailableHere() {
        Availability availability = new DjlBackendProvider().availability();

        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(availability.reason()).isEmpty();
    }

    @Test
    void asksForTilesWhoseArraysMallocReuses() {
        // on the CPU: each array of a tile within glibc's largest reused block, not fresh from the system per call
        assertThat(DjlTesting.backend().mostTileValues()).hasValue(DjlEngine.MOST_CPU_TILE_VALUES);
        assertThat(DjlEngine.MOST_CPU_TILE_VALUES * Float.BYTES).isEqualTo(32L << 20);
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        BackendProvider provider = Backends.discover().choose("djl");

        assertThat(provider).isInstanceOf(DjlBackendProvider.class);
        assertThat(provider.name()).isEqualTo("djl");
        assertThat(provider.rank()).isEqualTo(DjlBackendProvider.RANK);
    }

    @Test
    void opensAndTurnsOffDjlsNetworkAccess() {
        assertThat(DjlTesting.backend().name()).isEqualTo("djl");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    }

    @Test
    void aSecondBackendOpensBesideTheFirst() {
        DjlTesting.backend();
        try (var second = new DjlBackendProvider().open()) {
            assertThat(second.name()).isEqualTo("djl");
        }
    }

    /** The conformance kit checks CPU and GPU requests; here, that the refusal names this engine's GPU natives. */
    @Test
    void aGpuRequestNamesWhatThisEnginesGpuNeeds() {
        assertThatThrownBy(() -> new DjlBackendProvider().open(Device.GPU)).hasMessageContaining("PYTORCH_FLAVOR=cu128");
    }
}
