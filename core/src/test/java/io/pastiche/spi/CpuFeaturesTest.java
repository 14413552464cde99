package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.testkit.CpuInfoSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuFeaturesTest {

    @Test
    void readsTheVectorSetsOfEachKindOfCpu() {
        CpuFeatures avx512 = CpuInfoSamples.AVX512.features();
        assertThat(avx512.hasAll(CpuFeatures.AVX512)).isTrue();
        assertThat(avx512.hasAll(CpuFeatures.AVX2)).isTrue();
        assertThat(avx512.describe()).isEqualTo("AMD EPYC (AVX-512)");

        CpuFeatures avx2 = CpuInfoSamples.AVX2_ONLY.features();
        assertThat(avx2.hasAll(CpuFeatures.AVX2)).isTrue();
        assertThat(avx2.missing(CpuFeatures.AVX512)).containsExactlyElementsOf(CpuFeatures.AVX512);
        assertThat(avx2.describe()).isEqualTo("AMD EPYC (AVX2, no AVX-512)");

        CpuFeatures avx = CpuInfoSamples.AVX_ONLY.features();
        assertThat(avx.has("avx")).isTrue();
        assertThat(avx.missing(CpuFeatures.AVX2)).containsExactly("avx2", "fma", "f16c");
        assertThat(avx.describe()).endsWith("(AVX, no AVX2)");

        assertThat(CpuInfoSamples.SSE_ONLY.features().describe()).endsWith("(no AVX)");
    }

    @Test
    void armFeaturesAreKnownButHaveNoX86Sets() {
        CpuFeatures arm = CpuInfoSamples.ARM64.features();

        assertThat(arm.known()).isTrue();
        assertThat(arm.has("asimd")).isTrue();
        assertThat(arm.has("avx2")).isFalse();
    }

    @Test
    void unreadableOrEmptyInformationIsUnknownNotAnError(@TempDir Path dir) throws Exception {
        assertThat(CpuFeatures.read(dir.resolve("missing")).known()).isFalse();
        Files.writeString(dir.resolve("empty"), "processor : 0\n");
        CpuFeatures unknown = CpuFeatures.read(dir.resolve("empty"));

        assertThat(unknown.known()).isFalse();
        assertThat(unknown.has("sse2")).isFalse();
        assertThat(unknown.describe()).isEqualTo("this CPU (features unknown)");
    }

    @Test
    void readsThisMachine() {
        CpuFeatures here = CpuFeatures.current();

        assertThat(CpuFeatures.current()).isSameAs(here);
        if (System.getProperty("os.name", "").startsWith("Linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64")) {
            assertThat(here.known()).isTrue();
            assertThat(here.has("sse2")).isTrue();
        }
    }
}
