package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import org.junit.jupiter.api.Test;

class Nd4jBackendProviderTest {

    @Test
    void isAvailableHere() {
        Availability availability = new Nd4jBackendProvider().availability();

        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(availability.reason()).isEmpty();
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        BackendProvider provider = Backends.discover().choose("nd4j");

        assertThat(provider).isInstanceOf(Nd4jBackendProvider.class);
        assertThat(provider.name()).isEqualTo("nd4j");
        assertThat(provider.rank()).isEqualTo(Nd4jBackendProvider.RANK).isLessThan(100);
    }

    @Test
    void opensAndASecondBackendOpensBesideTheFirst() {
        assertThat(Nd4jTesting.backend().name()).isEqualTo("nd4j");
        try (var second = new Nd4jBackendProvider().open()) {
            assertThat(second.name()).isEqualTo("nd4j");
        }
    }

    @Test
    void loadsTheOneDnnBuild() {
        Nd4jTesting.backend();
        String build = org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation().toString();
        assertThat(org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo())
                .as(build).contains("HAVE_ONEDNN");
    }
}
