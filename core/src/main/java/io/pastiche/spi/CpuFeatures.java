package io.pastiche.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instruction-set features of this machine's CPU, as the operating system reports them, so that a backend can
 * choose a native build that runs here before it loads one: a library built for instructions the CPU lacks does not
 * fail politely, it kills the process with SIGILL. Immutable and thread-safe.
 *
 * <p>Only Linux reports them in a form Java can read without native code ({@code /proc/cpuinfo}); elsewhere, or
 * when the file cannot be read, the features are {@linkplain #known() unknown} and callers must choose
 * conservatively.
 */
public final class CpuFeatures {

    /** The AVX-512 subsets that builds for "AVX-512" (Skylake-SP and later, Zen 4) may use. */
    public static final List<String> AVX512 = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    /** What "AVX2" builds use besides AVX2 itself: FMA and F16C (every CPU with AVX2 has them). */
    public static final List<String> AVX2 = List.of("avx", "avx2", "fma", "f16c");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    /** /proc/cpuinfo repeats the same lines for every core; a few kilobytes hold the first core's. */
    private static final int READ_LIMIT = 64 * 1024;

    private static volatile CpuFeatures current;

    private final String model;
    private final Set<String> flags;

    private CpuFeatures(String model, Set<String> flags) {
        this.model = model;
        this.flags = flags;
    }

    /**
     * This machine's features, read from {@code /proc/cpuinfo} once per JVM (its first 64 KB, which hold the first
     * processor's lines).
     *
     * @return the features; {@linkplain #known() unknown} where they cannot be read
     */
    public static CpuFeatures current() {
        CpuFeatures features = current;
        if (features == null) {
            features = read(CPUINFO);
            current = features;
        }
        return features;
    }

    /**
     * Features nobody could read, for example on macOS or Windows.
     *
     * @return features with no model name and no flags
     */
    public static CpuFeatures unknown() {
        return new CpuFeatures("", Set.of());
    }

    /**
     * Parses the text of a Linux {@code /proc/cpuinfo}: the first processor's {@code flags} line (x86) or
     * {@code Features} line (ARM) and its {@code model name}. Flags are kept in lower case.
     *
     * @param cpuinfo the file's text
     * @return the features; {@linkplain #known() unknown} if the text has no such line
     */
    public static CpuFeatures parse(String cpuinfo) {
        String model = "";
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.isEmpty()) {
                model = value;
            } else if (key.equals("flags") || key.equals("features")) {
                Set<String> flags = new TreeSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split("\\s+")));
                flags.remove("");
                return new CpuFeatures(model, Collections.unmodifiableSet(flags));
            }
        }
        return unknown();
    }

    static CpuFeatures read(Path cpuinfo) {
        try (var in = Files.newInputStream(cpuinfo)) {
            return parse(new String(in.readNBytes(READ_LIMIT), StandardCharsets.US_ASCII));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return unknown();
        }
    }

    /**
     * Whether the operating system told the features.
     *
     * @return true if at least one flag was read; if false, {@link #has} is false for every flag
     */
    public boolean known() {
        return !flags.isEmpty();
    }

    /**
     * Whether the CPU has a feature.
     *
     * @param flag the feature as Linux names it, in lower case, for example {@code avx512f}
     * @return true if the CPU reported it; false also when the features are unknown
     */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /**
     * Whether the CPU has every feature in {@code required}.
     *
     * @param required flags as Linux names them, for example {@link #AVX2}
     * @return true if it has them all; false when the features are unknown, unless {@code required} is empty
     */
    public boolean hasAll(List<String> required) {
        return flags.containsAll(required);
    }

    /**
     * The features of {@code required} that the CPU lacks, for messages.
     *
     * @param required flags as Linux names them
     * @return the missing ones, in the given order; all of them when the features are unknown
     */
    public List<String> missing(List<String> required) {
        return required.stream().filter(f -> !flags.contains(f)).toList();
    }

    /**
     * For messages: the model and its widest vector set.
     *
     * @return for example {@code "AMD EPYC (AVX2, no AVX-512)"}, or {@code "this CPU (features unknown)"}
     */
    public String describe() {
        String name = model.isEmpty() ? "this CPU" : model;
        if (!known()) {
            return name + " (features unknown)";
        }
        String vectors = hasAll(AVX512) ? "AVX-512" : hasAll(AVX2) ? "AVX2, no AVX-512"
                : has("avx") ? "AVX, no AVX2" : "no AVX";
        return name + " (" + vectors + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
