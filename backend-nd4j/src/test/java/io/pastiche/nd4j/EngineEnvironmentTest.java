package io.pastiche.nd4j;

import io.pastiche.testkit.EngineEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libnd4j's OpenMP threads sleep when idle unless the process environment chose otherwise. */
class EngineEnvironmentTest {

    @Test
    void openMpThreadsSleepWhenIdleUnlessTheUserChose() throws Exception {
        EngineEnvironment.assertDefault("nd4j", List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=off"),
                Nd4jRuntime.WAIT_POLICY, "PASSIVE", "ACTIVE");
    }
}
