package io.pastiche.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.Backend;
import io.pastiche.spi.Backends;
import io.pastiche.spi.NativeEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a default a backend puts into the process's C environment before its engine loads, in child JVMs: an
 * engine's native runtime reads such a variable once, when it loads, and the tests' own JVM may have it set.
 */
public final class EngineEnvironment {

    private static final String BACKEND = "pastiche.test.backend";
    private static final String VARIABLE = "pastiche.test.variable";

    private EngineEnvironment() {
    }

    /** Run in the child JVM: opens the backend, then prints the variable as the engine's natives see it. */
    public static void main(String[] args) {
        Backend backend = Backends.discover().choose(System.getProperty(BACKEND)).open();
        try {
            System.out.print(NativeEnvironment.get(System.getProperty(VARIABLE)));
        } finally {
            backend.close();
        }
    }

    /**
     * Asserts that a backend, once open, leaves {@code variable} at {@code byDefault} when the environment does
     * not set it, and at the user's value when it does.
     *
     * @param backend    the backend's name
     * @param jvmOptions more options for the child JVMs (logging, offline switches)
     * @param variable   the environment variable
     * @param byDefault  the value the backend sets when the environment has none
     * @param chosen     a value the user might set instead
     */
    public static void assertDefault(String backend, List<String> jvmOptions, String variable, String byDefault,
                                     String chosen) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-D" + BACKEND + "=" + backend);
        options.add("-D" + VARIABLE + "=" + variable);
        Map<String, String> unset = new HashMap<>();
        unset.put(variable, null);
        ChildJvm.Output fromDefault = ChildJvm.run(EngineEnvironment.class, options, unset);
        assertThat(fromDefault.exit()).as(fromDefault.stderr()).isZero();
        assertThat(fromDefault.stdout()).isEqualTo(byDefault);

        ChildJvm.Output fromUser = ChildJvm.run(EngineEnvironment.class, options, Map.of(variable, chosen));
        assertThat(fromUser.exit()).as(fromUser.stderr()).isZero();
        assertThat(fromUser.stdout()).isEqualTo(chosen);
    }
}
