package io.pastiche.testkit;

import io.pastiche.spi.CpuFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Real {@code /proc/cpuinfo} texts of the kinds of CPU pastiche must choose native builds for (the first processor's
 * block; the AVX2-only EPYC is the AVX-512 one with its AVX-512 flags removed, as a Zen 3 reports them).
 */
public enum CpuInfoSamples {
    /** AMD EPYC, Zen 4: AVX-512. */
    AVX512("avx512-amd-epyc-zen4.txt"),
    /** AMD EPYC, Zen 3: AVX2, no AVX-512 (the CPU that met the SIGILL). */
    AVX2_ONLY("avx2-amd-epyc-zen3.txt"),
    /** Intel Xeon E5-2670, Sandy Bridge: AVX but no AVX2. */
    AVX_ONLY("avx-intel-xeon-sandy-bridge.txt"),
    /** Intel Core 2: SSE only. */
    SSE_ONLY("sse-intel-core2.txt"),
    /** ARM Neoverse N1 (Graviton 2): no x86 flags at all. */
    ARM64("arm64-neoverse-n1.txt");

    private final String file;

    CpuInfoSamples(String file) {
        this.file = file;
    }

    /** The file's text, as /proc/cpuinfo gives it. */
    public String text() {
        try (InputStream in = CpuInfoSamples.class.getResourceAsStream("cpuinfo/" + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource cpuinfo/" + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The features parsed from it. */
    public CpuFeatures features() {
        return CpuFeatures.parse(text());
    }
}
