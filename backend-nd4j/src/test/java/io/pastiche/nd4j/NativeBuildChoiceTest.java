package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.spi.CpuFeatures;
import io.pastiche.testkit.CpuInfoSamples;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The choice of ND4J native build from sample /proc/cpuinfo flag sets and the jars on the class path. */
class NativeBuildChoiceTest {

    private static final String LINUX = "linux-x86_64";
    private static final String AVX512_JAR = "linux-x86_64-onednn-avx512";
    private static final String AVX2_JAR = "linux-x86_64-onednn-avx2";
    private static final String ONEDNN_JAR = "linux-x86_64-onednn";

    @Test
    void anAvx512CpuTakesTheAvx512BuildWhenItIsThereAndTheDefaultOtherwise() {
        CpuFeatures cpu = CpuInfoSamples.AVX512.features();

        assertThat(choose(cpu, jars(AVX2_JAR, AVX512_JAR)).build()).isEqualTo(NativeBuild.ONEDNN_AVX512);
        assertThat(choose(cpu, jars(AVX2_JAR)).build()).isEqualTo(NativeBuild.ONEDNN_AVX2);
    }

    @Test
    void anAvx2CpuNeverLoadsTheAvx512Build() {
        CpuFeatures cpu = CpuInfoSamples.AVX2_ONLY.features();

        assertThat(choose(cpu, jars(AVX2_JAR, AVX512_JAR)).build()).isEqualTo(NativeBuild.ONEDNN_AVX2);
        NativeBuildChoice onlyAvx512 = choose(cpu, jars(AVX512_JAR));
        assertThat(onlyAvx512.possible()).isFalse();
        assertThat(onlyAvx512.problem())
                .contains("linux-x86_64-onednn-avx512", "avx512f", "AMD EPYC (AVX2, no AVX-512)",
                        "would kill the JVM", "org.nd4j:nd4j-native:1.0.0-M2.1 with classifier " + AVX2_JAR);
    }

    @Test
    void aCpuWithoutAvx2NeedsTheGenericOneDnnBuild() {
        CpuFeatures sandyBridge = CpuInfoSamples.AVX_ONLY.features();

        NativeBuildChoice avx2Only = choose(sandyBridge, jars(AVX2_JAR));
        assertThat(avx2Only.possible()).isFalse();
        assertThat(avx2Only.problem()).contains("avx2, fma", "classifier linux-x86_64-onednn to the class path");
        assertThat(choose(sandyBridge, jars(AVX2_JAR, ONEDNN_JAR)).build()).isEqualTo(NativeBuild.ONEDNN);
        assertThat(choose(CpuInfoSamples.SSE_ONLY.features(), jars(ONEDNN_JAR, AVX512_JAR)).build())
                .isEqualTo(NativeBuild.ONEDNN);
    }

    @Test
    void unknownFeaturesAllowAvx2ButNeverGuessAvx512() {
        CpuFeatures unknown = CpuFeatures.unknown();

        assertThat(choose(unknown, jars(AVX2_JAR, AVX512_JAR)).build()).isEqualTo(NativeBuild.ONEDNN_AVX2);
        assertThat(choose(unknown, jars(AVX512_JAR)).problem()).contains("features unknown");
        assertThat(choose(unknown, jars(AVX512_JAR), "onednn-avx512").build()).isEqualTo(NativeBuild.ONEDNN_AVX512);
    }

    @Test
    void aRequestedBuildIsTakenOnlyIfItIsThereAndRunsHere() {
        CpuFeatures avx2 = CpuInfoSamples.AVX2_ONLY.features();
        Predicate<String> both = jars(AVX2_JAR, AVX512_JAR, ONEDNN_JAR);

        assertThat(choose(avx2, both, "onednn").build()).isEqualTo(NativeBuild.ONEDNN);
        assertThat(choose(avx2, both, "-onednn-avx2").build()).isEqualTo(NativeBuild.ONEDNN_AVX2);
        assertThat(choose(avx2, both, "onednn-avx512").problem())
                .contains("pastiche.nd4j.build asks for the onednn-avx512 build", "avx512f", "kill the JVM");
        assertThat(choose(avx2, jars(AVX2_JAR), "avx2").problem())
                .contains("not on the class path", "classifier linux-x86_64-avx2");
        assertThat(choose(avx2, both, "fastest").problem())
                .contains("names no ND4J build", "onednn-avx512, onednn-avx2, onednn, avx512, avx2, plain");
    }

    @Test
    void thePlainBuildIsRefusedBesideOneThatWouldCrash() {
        NativeBuildChoice choice = choose(CpuInfoSamples.AVX2_ONLY.features(), jars(LINUX, AVX512_JAR));

        assertThat(choice.possible()).isFalse();
        assertThat(choice.problem()).contains("remove that", AVX2_JAR);
        assertThat(choose(CpuInfoSamples.AVX2_ONLY.features(), jars(LINUX)).build()).isEqualTo(NativeBuild.PLAIN);
    }

    @Test
    void noNativeJarNamesTheDefault() {
        NativeBuildChoice choice = choose(CpuInfoSamples.AVX512.features(), jars());

        assertThat(choice.problem()).isEqualTo("ND4J's native library for linux-x86_64 is missing: add "
                + "org.nd4j:nd4j-native:1.0.0-M2.1 with classifier linux-x86_64-onednn-avx2 to the class path "
                + "(pastiche-backend-nd4j brings it)");
    }

    @Test
    void otherArchitecturesHaveOneBuild() {
        CpuFeatures arm = CpuInfoSamples.ARM64.features();

        assertThat(NativeBuildChoice.choose("linux-arm64", arm, jars("linux-arm64"), null).build())
                .isEqualTo(NativeBuild.PLAIN);
        assertThat(NativeBuildChoice.choose("macosx-arm64", arm, jars(), null).problem())
                .contains("classifier macosx-arm64");
    }

    private static NativeBuildChoice choose(CpuFeatures cpu, Predicate<String> jars) {
        return choose(cpu, jars, null);
    }

    private static NativeBuildChoice choose(CpuFeatures cpu, Predicate<String> jars, String requested) {
        return NativeBuildChoice.choose(LINUX, cpu, jars, requested);
    }

    private static Predicate<String> jars(String... classifiers) {
        return Set.of(classifiers)::contains;
    }
}
