package io.pastiche.nd4j;

import io.pastiche.spi.CpuFeatures;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * When inference convolves a large channels-last map in strips of rows, and how many rows a strip has.
 *
 * <p>With AVX2 kernels, oneDNN 2.3 (inside libnd4j) convolves only in its blocked layout, so every {@code conv2d}
 * reorders its input into buffers it allocates for the call and its output back. glibc maps an allocation over
 * 32 MiB afresh from the kernel and unmaps it when freed, so a whole-map call paid a page fault and the zeroing of
 * every page of those buffers, every time (3.6 million page faults in a benchmark run at 1024 x 1024). Strips of
 * at most {@link #VALUES} values keep each buffer small enough for glibc to reuse, and hot in the cache between
 * the reorder and the convolution. With AVX-512 kernels channels-last maps are convolved in place, nothing is
 * reordered, and strips only add calls (5-8 % at 1024 x 1024), so they are not used there.
 * docs/backend-nd4j.md has the measurements.
 */
final class ConvStrips {

    /** At most this many values (4 MiB of floats) in a strip's input and in its output. */
    static final long VALUES = 1 << 20;

    /** {@code -Dpastiche.nd4j.convStrips=true|false} overrides the choice from the CPU (to measure either way). */
    static final String PROPERTY = "pastiche.nd4j.convStrips";

    /** The oneDNN ISAs (and longer names starting so) whose convolutions take channels-last maps in place. */
    private static final List<String> IN_PLACE_ISAS = List.of("AVX512_CORE", "ALL");

    private static final boolean ON = choose(System.getProperty(PROPERTY), CpuFeatures.current(), System.getenv());

    private ConvStrips() {
    }

    /**
     * How many output rows a strip has, or 0 to convolve the whole batch in one call.
     *
     * @param x   the convolution's channels-last input {@code [B, H, W, C]}
     * @param out its channels-last output
     */
    static long rows(INDArray x, INDArray out) {
        return ON ? rows(x, out, VALUES) : 0;
    }

    /** The same for strips of at most {@code values} values (at least one row). */
    static long rows(INDArray x, INDArray out, long values) {
        long inputRow = x.size(2) * x.size(3);
        long outputRow = out.size(2) * out.size(3);
        if (out.size(0) * Math.max(x.size(1) * inputRow, out.size(1) * outputRow) <= values) {
            return 0;
        }
        return Math.max(1, values / Math.max(inputRow, outputRow));
    }

    /**
     * Whether to convolve in strips.
     *
     * @param property the system property's value, or null
     * @param cpu      the CPU's features
     * @param env      the environment, for oneDNN's ISA cap ({@code DNNL_MAX_CPU_ISA})
     */
    static boolean choose(String property, CpuFeatures cpu, Map<String, String> env) {
        if (property != null && !property.isBlank()) {
            return Boolean.parseBoolean(property.strip());
        }
        return !inPlace(cpu, env);
    }

    /** Whether oneDNN will use its AVX-512 convolutions, which take channels-last maps in place. */
    private static boolean inPlace(CpuFeatures cpu, Map<String, String> env) {
        if (!cpu.hasAll(CpuFeatures.AVX512)) {
            return false; // AVX2 or older, or unknown: most CPUs sold are AVX2-only
        }
        String cap = env.get("DNNL_MAX_CPU_ISA"); // oneDNN 2.3 reads the DNNL_ name only
        if (cap == null || cap.isBlank()) {
            return true;
        }
        String isa = cap.strip().toUpperCase(Locale.ROOT);
        return IN_PLACE_ISAS.stream().anyMatch(isa::startsWith);
    }
}
