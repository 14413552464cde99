package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.NativeEnvironment;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** PyTorch starts with huge pages and passive OpenMP threads unless the process environment chose otherwise. */
class EngineEnvironmentTest {

    @Test
    void pyTorchStartsWithHugePagesAndPassiveThreadsUnlessTheUserChose() {
        DjlTesting.backend();
        assertThat(NativeEnvironment.get(DjlRuntime.HUGE_PAGES))
                .isEqualTo(Objects.requireNonNullElse(System.getenv(DjlRuntime.HUGE_PAGES), "1"));
        assertThat(NativeEnvironment.get(DjlRuntime.WAIT_POLICY))
                .isEqualTo(Objects.requireNonNullElse(System.getenv(DjlRuntime.WAIT_POLICY), "PASSIVE"));
    }
}
