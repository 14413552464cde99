package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.NativeEnvironment;
import io.pastiche.testkit.EngineEnvironment;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * PyTorch starts with huge pages and passive OpenMP threads unless the process environment chose otherwise. The
 * wait policy is checked in child JVMs, since the tests' own JVM has it set (the parent POM) and libgomp reads it
 * once, when it loads.
 */
class EngineEnvironmentTest {

    @Test
    void pyTorchStartsWithHugePagesUnlessTheUserChose() {
        DjlTesting.backend();
        assertThat(NativeEnvironment.get(DjlRuntime.HUGE_PAGES))
                .isEqualTo(Objects.requireNonNullElse(System.getenv(DjlRuntime.HUGE_PAGES), "1"));
    }

    @Test
    void openMpThreadsSleepWhenIdleUnlessTheUserChose() throws Exception {
        EngineEnvironment.assertDefault("djl", List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                "-Dai.djl.offline=true"), DjlRuntime.WAIT_POLICY, "PASSIVE", "ACTIVE");
    }
}
