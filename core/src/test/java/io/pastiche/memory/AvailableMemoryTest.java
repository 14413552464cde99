package io.pastiche.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailableMemoryTest {

    @Test
    void readsTheKernelsAvailableMemory() {
        assertThat(AvailableMemory.fromMeminfo("MemTotal: 24000000 kB\nMemAvailable:   1000 kB\n"))
                .hasValue(1000L * 1024);
        assertThat(AvailableMemory.fromMeminfo("")).isEmpty();
    }

    @Test
    void anAddressSpaceLimitLeavesItLessWhatIsMapped() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max address space         5120000000           unlimited            bytes\n";
        assertThat(AvailableMemory.fromLimits(limits, "VmSize:  4000000 kB\n"))
                .hasValue(5_120_000_000L - 4_096_000_000L);
        assertThat(AvailableMemory.fromLimits(limits.replace("5120000000", "unlimited"), "VmSize: 1 kB\n")).isEmpty();
    }

    @Test
    void aContainersCgroupLimitLeavesItLessWhatIsUsed(@TempDir Path root) throws Exception {
        Path v2 = Files.createDirectories(root.resolve("job"));
        Files.writeString(v2.resolve("memory.max"), "2147483648\n");
        Files.writeString(v2.resolve("memory.current"), "1073741824\n");
        assertThat(AvailableMemory.fromCgroup("0::/job\n", root)).hasValue(1L << 30);

        Files.writeString(v2.resolve("memory.max"), "max\n");
        assertThat(AvailableMemory.fromCgroup("0::/job\n", root)).isEmpty();

        Path v1 = Files.createDirectories(root.resolve("memory/box"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n"); // v1's "no limit"
        Files.writeString(v1.resolve("memory.usage_in_bytes"), "100\n");
        assertThat(AvailableMemory.fromCgroup("4:memory:/box\n", root)).isEmpty();
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "1000\n");
        assertThat(AvailableMemory.fromCgroup("4:memory:/box\n", root)).hasValue(900);
    }

    @Test
    void thisMachineSaysSomethingOnLinux() {
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            assertThat(AvailableMemory.now()).isPresent();
            assertThat(AvailableMemory.now().getAsLong()).isPositive();
        }
    }

    @Test
    void theEstimateCoversTheMeasuredPeaksWithoutMuchToSpare() {
        // Measured peaks (docs/reliability.md): full width 740-860 bytes per pixel; the half-width default 278.
        long full = MemoryEstimate.forward(NetworkSpec.standard(1.0), 1, 2048, 2048);
        long half = MemoryEstimate.forward(NetworkSpec.standard(0.5), 1, 3072, 4096);
        assertThat(full / (2048.0 * 2048)).isBetween(740.0, 900.0);
        assertThat(half / (3072.0 * 4096)).isBetween(278.0, 450.0);
        assertThat(MemoryEstimate.forward(NetworkSpec.standard(1.0), 2, 2048, 2048)).isGreaterThan(2 * full - 8_000_000);
    }
}
