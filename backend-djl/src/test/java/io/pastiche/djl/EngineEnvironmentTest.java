package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.Backend;
import io.pastiche.spi.NativeEnvironment;
import io.pastiche.testkit.ChildJvm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * PyTorch starts with huge pages and passive OpenMP threads unless the process environment chose otherwise. The
 * wait policy is checked in child JVMs, since the tests' own JVM has it set (the parent POM) and libgomp reads it
 * once, when it loads.
 */
class EngineEnvironmentTest {

    private static final List<String> QUIET = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
            "-Dai.djl.offline=true");

    /** Run in the child JVM: starts PyTorch and prints the wait policy its OpenMP runtime saw. */
    public static void main(String[] args) {
        Backend backend = new DjlBackendProvider().open();
        try {
            System.out.print(NativeEnvironment.get(DjlRuntime.WAIT_POLICY));
        } finally {
            backend.close();
        }
    }

    @Test
    void pyTorchStartsWithHugePagesUnlessTheUserChose() {
        DjlTesting.backend();
        assertThat(NativeEnvironment.get(DjlRuntime.HUGE_PAGES))
                .isEqualTo(Objects.requireNonNullElse(System.getenv(DjlRuntime.HUGE_PAGES), "1"));
    }

    @Test
    void openMpThreadsSleepWhenIdleUnlessTheUserChose() throws Exception {
        Map<String, String> unset = new HashMap<>();
        unset.put(DjlRuntime.WAIT_POLICY, null);
        ChildJvm.Output byDefault = ChildJvm.run(EngineEnvironmentTest.class, QUIET, unset);
        assertThat(byDefault.exit()).as(byDefault.stderr()).isZero();
        assertThat(byDefault.stdout()).isEqualTo("PASSIVE");

        ChildJvm.Output chosen = ChildJvm.run(EngineEnvironmentTest.class, QUIET,
                Map.of(DjlRuntime.WAIT_POLICY, "ACTIVE"));
        assertThat(chosen.exit()).as(chosen.stderr()).isZero();
        assertThat(chosen.stdout()).isEqualTo("ACTIVE");
    }
}
