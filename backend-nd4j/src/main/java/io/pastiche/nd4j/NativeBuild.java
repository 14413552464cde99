package io.pastiche.nd4j;

import io.pastiche.spi.CpuFeatures;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The native builds that {@code org.nd4j:nd4j-native} publishes for an x86-64 platform, one classifier jar each
 * ({@code linux-x86_64-onednn-avx2}, ...), in the order pastiche prefers them: oneDNN's convolutions are about ten
 * times faster here than the OpenBLAS im2col of the plain builds, and a wider vector set is faster again, but a build
 * for instructions the CPU lacks kills the process with SIGILL when it loads.
 */
enum NativeBuild {
    ONEDNN_AVX512("-onednn-avx512", Builds.AVX512),
    ONEDNN_AVX2("-onednn-avx2", CpuFeatures.AVX2),
    ONEDNN("-onednn", List.of()),
    AVX512("-avx512", Builds.AVX512),
    AVX2("-avx2", CpuFeatures.AVX2),
    PLAIN("", List.of());

    /** The build pastiche-backend-nd4j depends on: it runs on every x86-64 CPU with AVX2 (2013 on). */
    static final NativeBuild DEFAULT = ONEDNN_AVX2;

    private final String extension;
    private final List<String> requires;

    NativeBuild(String extension, List<String> requires) {
        this.extension = extension;
        this.requires = requires;
    }

    /** JavaCPP's platform extension, for example {@code -onednn-avx2}; empty for the plain build. */
    String extension() {
        return extension;
    }

    /** How users name it in {@value Nd4jRuntime#BUILD_PROPERTY}: the extension without its dash, or "plain". */
    String userName() {
        return this == PLAIN ? "plain" : extension.substring(1);
    }

    /** The Maven classifier of its jar, for example {@code linux-x86_64-onednn-avx2}. */
    String classifier(String platform) {
        return platform + extension;
    }

    /** The CPU features (Linux names) its code may use. */
    List<String> requires() {
        return requires;
    }

    boolean needsAvx512() {
        return requires.contains("avx512f");
    }

    /**
     * Whether it runs on {@code cpu}. When the features are unknown (not Linux), AVX2 builds are taken to run (every
     * x86-64 CPU sold since 2015 has AVX2) but AVX-512 builds are not: those must be asked for by name.
     */
    boolean runsOn(CpuFeatures cpu) {
        return cpu.known() ? cpu.hasAll(requires) : !needsAvx512();
    }

    /** The build a user named, by {@link #userName()} or by its extension (with or without the dash). */
    static Optional<NativeBuild> named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Stream.of(values())
                .filter(b -> b.userName().equals(n) || b.extension.equals(n) || (b == PLAIN && n.isEmpty()))
                .findFirst();
    }

    /**
     * What the builds' instructions need, read off their disassembly ({@code objdump -d libnd4jcpu.so}): the AVX2
     * builds use FMA and F16C; the AVX-512 builds mask registers of AVX512BW/DQ and the BMI1/BMI2 shifts as well.
     */
    private static final class Builds {
        static final List<String> AVX512 = Stream.of(CpuFeatures.AVX2, CpuFeatures.AVX512, List.of("bmi1", "bmi2"))
                .flatMap(List::stream).toList();
    }
}
