package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The shared pieces of the providers' availability checks. */
class ProbesTest {

    @Test
    void aCheckThatThrowsSaysSoInsteadOfThrowing() {
        Availability a = Probes.neverThrowing("Test", () -> {
            throw new NoClassDefFoundError("org/example/Engine");
        });

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).isEqualTo("the Test availability check failed: java.lang.NoClassDefFoundError: "
                + "org/example/Engine");
        assertThat(Probes.neverThrowing("Test", Availability::yes).available()).isTrue();
    }

    @Test
    void findsClassesWithoutInitialisingThem() {
        ClassLoader loader = getClass().getClassLoader();

        assertThat(Probes.hasClass(loader, Initialised.class.getName())).isTrue();
        assertThat(INITIALISED).isFalse();
        assertThat(Probes.hasClass(loader, "org.example.Missing")).isFalse();
        assertThat(Probes.hasClass(new ClassLoader(null) {
        }, ProbesTest.class.getName())).isFalse();
    }

    @Test
    void namesPlatformsAsJavaCppDoes() {
        assertThat(Probes.javacppPlatform("Linux", "amd64")).isEqualTo("linux-x86_64");
        assertThat(Probes.javacppPlatform("Linux", "aarch64")).isEqualTo("linux-arm64");
        assertThat(Probes.javacppPlatform("Mac OS X", "aarch64")).isEqualTo("macosx-arm64");
        assertThat(Probes.javacppPlatform("Darwin", "x86_64")).isEqualTo("macosx-x86_64");
        assertThat(Probes.javacppPlatform("Windows 11", "amd64")).isEqualTo("windows-x86_64");
        assertThat(Probes.javacppPlatform("Free BSD", "riscv64")).isEqualTo("free_bsd-riscv64");
    }

    private static final AtomicBoolean INITIALISED = new AtomicBoolean();

    /** Says when it is initialised. */
    static final class Initialised {
        static {
            INITIALISED.set(true);
        }
    }
}
