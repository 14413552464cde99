package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

    @Test
    void setsAnUnsetVariableOnceAndNeverOverwrites() {
        String name = "PASTICHE_NATIVE_ENVIRONMENT_TEST_" + ProcessHandle.current().pid();
        assertThat(NativeEnvironment.get(name)).isNull();

        assertThat(NativeEnvironment.setDefault(name, "first")).isTrue();
        assertThat(NativeEnvironment.get(name)).isEqualTo("first");

        assertThat(NativeEnvironment.setDefault(name, "second")).isFalse();
        assertThat(NativeEnvironment.get(name)).isEqualTo("first");
    }

    @Test
    void keepsWhatTheProcessStartedWith() {
        String path = System.getenv("PATH");
        assertThat(NativeEnvironment.get("PATH")).isEqualTo(path);
        assertThat(NativeEnvironment.setDefault("PATH", "/nowhere")).isFalse();
        assertThat(NativeEnvironment.get("PATH")).isEqualTo(path);
    }

    @Test
    void refusesNamesThatAreNotNames() {
        assertThatThrownBy(() -> NativeEnvironment.setDefault("A=B", "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A=B");
        assertThatThrownBy(() -> NativeEnvironment.setDefault("", "c")).isInstanceOf(IllegalArgumentException.class);
    }
}
