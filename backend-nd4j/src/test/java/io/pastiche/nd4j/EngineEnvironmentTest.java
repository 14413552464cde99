package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.Backend;
import io.pastiche.spi.NativeEnvironment;
import io.pastiche.testkit.ChildJvm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * libnd4j's OpenMP threads sleep when idle unless the process environment chose otherwise. Each case runs in a
 * child JVM, since libgomp reads the setting once, when it loads, and the tests' own JVM has it set.
 */
class EngineEnvironmentTest {

    private static final List<String> QUIET = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=off");

    /** Run in the child JVM: starts ND4J and prints the wait policy its OpenMP runtime saw. */
    public static void main(String[] args) {
        Backend backend = new Nd4jBackendProvider().open();
        try {
            System.out.print(NativeEnvironment.get(Nd4jRuntime.WAIT_POLICY));
        } finally {
            backend.close();
        }
    }

    @Test
    void openMpThreadsSleepWhenIdleUnlessTheUserChose() throws Exception {
        Map<String, String> unset = new HashMap<>();
        unset.put(Nd4jRuntime.WAIT_POLICY, null);
        ChildJvm.Output byDefault = ChildJvm.run(EngineEnvironmentTest.class, QUIET, unset);
        assertThat(byDefault.exit()).as(byDefault.stderr()).isZero();
        assertThat(byDefault.stdout()).isEqualTo("PASSIVE");

        ChildJvm.Output chosen = ChildJvm.run(EngineEnvironmentTest.class, QUIET,
                Map.of(Nd4jRuntime.WAIT_POLICY, "ACTIVE"));
        assertThat(chosen.exit()).as(chosen.stderr()).isZero();
        assertThat(chosen.stdout()).isEqualTo("ACTIVE");
    }
}
