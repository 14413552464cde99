package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.Availability;
import io.pastiche.testkit.CpuInfoSamples;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

/** The availability check's answers when something is missing, without loading anything native. */
class ProbeTest {

    @Test
    void refusesAPlatformWithoutNatives() {
        Availability a = Probe.checkOrThrow(getClass().getClassLoader(), "Mac OS X", "x86_64");

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("macosx-x86_64").contains("supported");
    }

    @Test
    void saysWhichClassIsMissing() {
        ClassLoader empty = new ClassLoader(null) {
        };

        Availability a = Probe.checkOrThrow(empty, "Linux", "amd64");

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("org.tensorflow.TensorFlow").contains("tensorflow-core-api");
    }

    @Test
    void saysWhichArtifactIsMissingWhenTheNativesAreNotThere() {
        // The TensorFlow classes are visible, the native classifier jar is not.
        ClassLoader withoutNatives = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public URL getResource(String name) {
                return name.startsWith("org/tensorflow/internal/c_api/linux") ? null : super.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) {
                return Collections.emptyEnumeration();
            }
        };

        Availability a = Probe.checkOrThrow(withoutNatives, "Linux", "amd64");

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("org.tensorflow:tensorflow-core-native:1.1.0").contains("linux-x86_64");
    }

    @Test
    void acceptsTheNativesOfThisMachine() {
        assertThat(Probe.checkOrThrow(getClass().getClassLoader(), "Linux", "amd64").available()).isTrue();
    }

    @Test
    void theFailureOfOpenNamesTheArtifactToAdd() {
        String message = TensorflowRuntime.failure(new UnsatisfiedLinkError("no jnitensorflow in java.library.path"));

        assertThat(message).contains("org.tensorflow:tensorflow-core-native:1.1.0").contains("classifier")
                .contains("no jnitensorflow").contains("docs/backend-tensorflow.md");
    }

    @Test
    void aCpuWithoutAvxCannotRunItAndSaysWhatCan() {
        Availability a = Probe.checkOrThrow(getClass().getClassLoader(), "Linux", "amd64",
                CpuInfoSamples.SSE_ONLY.features());

        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("need AVX", "Core(TM)2 Duo", "djl");
        assertThat(Probe.checkOrThrow(getClass().getClassLoader(), "Linux", "amd64",
                CpuInfoSamples.AVX2_ONLY.features()).available()).isTrue();
    }
}
