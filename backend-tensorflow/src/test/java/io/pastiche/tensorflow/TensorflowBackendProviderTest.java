package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import io.pastiche.spi.Engine;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class TensorflowBackendProviderTest {

    @Test
    void isAvailableHere() {
        Availability availability = new TensorflowBackendProvider().availability();

        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(availability.reason()).isEmpty();
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        BackendProvider provider = Backends.discover().choose("tensorflow");

        assertThat(provider).isInstanceOf(TensorflowBackendProvider.class);
        assertThat(provider.name()).isEqualTo("tensorflow");
        assertThat(provider.rank()).isEqualTo(TensorflowBackendProvider.RANK);
    }

    @Test
    void tellsTheMemoryJavaCppStillAllows() {
        // JavaCPP refuses TensorFlow's allocations past its limit: the default memory budget stays within it.
        long limit = Pointer.maxPhysicalBytes();
        assertThat(limit).as("JavaCPP's default: four times the heap's maximum")
                .isEqualTo(4 * Runtime.getRuntime().maxMemory());
        OptionalLong left = TensorflowTesting.backend().memoryLeft();
        assertThat(left).isPresent();
        assertThat(left.getAsLong()).isPositive().isLessThan(limit - Pointer.physicalBytes() / 2);
    }

    @Test
    void isChosenWhenNoBackendIsNamedAndItIsTheOnlyOne() {
        assertThat(Backends.discover().choose(null)).isInstanceOf(TensorflowBackendProvider.class);
    }

    @Test
    void opensAndNamesTheTensorflowVersion() {
        assertThat(TensorflowTesting.backend().name()).isEqualTo("tensorflow");
        // Core's Backend names the provider; the engine it wraps names TensorFlow's versions.
        try (Engine engine = new TensorflowBackendProvider().start(Device.AUTO)) {
            assertThat(engine.toString()).contains("TensorFlow 2.18").contains("TensorFlow Java 1.1.0");
        }
    }

    @Test
    void aSecondBackendOpensBesideTheFirst() {
        TensorflowTesting.backend();
        try (var second = new TensorflowBackendProvider().open()) {
            assertThat(second.name()).isEqualTo("tensorflow");
        }
    }

    /** The conformance kit checks CPU and GPU requests; here, that the refusal names this engine's GPU natives. */
    @Test
    void aGpuRequestNamesWhatThisEnginesGpuNeeds() {
        assertThatThrownBy(() -> new TensorflowBackendProvider().open(Device.GPU)).hasMessageContaining("linux-x86_64-gpu");
    }
}
