package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.testkit.ChildJvm;
import io.pastiche.testkit.RandomModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the application's logging switched off, loading ND4J and running the network prints nothing at all: ND4J's
 * build information goes through SLF4J, and so does JavaCPP's version warning, which it writes to stderr by default.
 */
class QuietStartTest {

    /** Run in the child JVM: open, compile, one forward, close; prints nothing itself. */
    public static void main(String[] args) {
        NetworkSpec spec = NetworkSpec.standard(0.125);
        try (Backend backend = new Nd4jBackendProvider().open();
             CompiledNetwork network = backend.compile(spec, RandomModels.model(spec, 1, 1).weights())) {
            network.forward(RandomModels.images(1, 16, 16, 2), List.of(RandomModels.model(spec, 1, 1).cin()
                    .embedding(0)));
        }
    }

    @Test
    void printsNothingWhenLoggingIsOff() throws Exception {
        ChildJvm.Output child = ChildJvm.run(QuietStartTest.class,
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=off"), Map.of());

        assertThat(child.exit()).as(child.stderr()).isZero();
        assertThat(child.stdout()).as("stdout").isEmpty();
        assertThat(child.stderr()).as("stderr").isEmpty();
    }
}
