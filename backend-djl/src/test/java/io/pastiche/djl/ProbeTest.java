package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.Availability;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

/** The availability check's answers when something is missing, without loading anything native. */
class ProbeTest {

    @Test
    void namesPlatformsAsDjlDoes() {
        assertThat(Probe.platform("Linux", "amd64")).isEqualTo("linux-x86_64");
        assertThat(Probe.platform("Linux", "aarch64")).isEqualTo("linux-aarch64");
        assertThat(Probe.platform("Mac OS X", "aarch64")).isEqualTo("osx-aarch64");
        assertThat(Probe.platform("Windows 11", "amd64")).isEqualTo("win-x86_64");
    }

    @Test
    void refusesAPlatformWithoutNatives() {
        Availability a = Probe.checkOrThrow(getClass().getClassLoader(), "Mac OS X", "x86_64");

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("osx-x86_64").contains("supported");
    }

    @Test
    void saysWhichClassIsMissing() {
        ClassLoader empty = new ClassLoader(null) {
        };

        Availability a = Probe.checkOrThrow(empty, "Linux", "amd64");

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("ai.djl.engine.Engine").contains("ai.djl:api");
    }

    @Test
    void saysWhichArtifactIsMissingWhenTheNativesAreNotThere() {
        // The DJL classes are visible, the jars of natives and JNI bridge are not.
        ClassLoader withoutResources = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public URL getResource(String name) {
                return name.endsWith("pytorch.properties") ? null : super.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) {
                return Collections.emptyEnumeration();
            }
        };
        String cacheDir = System.getProperty("ENGINE_CACHE_DIR");
        System.setProperty("ENGINE_CACHE_DIR", "/nonexistent/pastiche-test");
        try {
            Availability a = Probe.checkOrThrow(withoutResources, "Linux", "amd64");

            assertThat(a.available()).isFalse();
            assertThat(a.reason()).contains("pytorch-jni");
        } finally {
            if (cacheDir == null) {
                System.clearProperty("ENGINE_CACHE_DIR");
            } else {
                System.setProperty("ENGINE_CACHE_DIR", cacheDir);
            }
        }
    }
}
