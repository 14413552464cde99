package io.pastiche.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.network.NetworkSpec;
import io.pastiche.spi.CpuFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloorTest {

    private static final EndToEnd.Machine MACHINE = new EndToEnd.Machine("Test CPU", 2, 8L << 30, "JDK 17",
            "Linux", "2026-12-03T00:00:00Z", "0.1 0.1 0.1");
    private static final CpuFeatures AVX2 = CpuFeatures.parse("model name\t: Test CPU\nflags\t\t: sse avx avx2 fma f16c\n");

    @Test
    void countsTheUpsamplingLayersAsThePhasesCompute() {
        // 20.16 GFLOP nominal at 256; the two upsampling layers (2.416 each) are computed with 4/9 of it
        double nominal = NetworkSpec.standard(1.0).flops(256, 256);
        assertThat(Floor.networkFlops(256)).isCloseTo(nominal - 2 * 2.416e9 * 5 / 9, within(0.01e9));
        assertThat(Floor.networkFlops(512)).isCloseTo(4 * Floor.networkFlops(256), within(1.0));
        assertThat(Floor.computedFlops(Fixtures.standardLayer("residual/residual1/conv1", 256)))
                .isEqualTo(Fixtures.standardLayer("residual/residual1/conv1", 256).flops());
    }

    @Test
    void theFloorIsTheBestLayerRateAndEachBackendIsARatioToIt() {
        double residual = Fixtures.standardLayer("residual/residual1/conv1", 256).flops();
        List<Floor.LayerTime> layers = List.of(
                // 100 GFLOP/s: the layer's time minus its frame's
                new Floor.LayerTime("a", "residual/residual1/conv1", 256, residual / 1e8 + 2, 2),
                new Floor.LayerTime("b", "residual/residual1/conv1", 256, residual / 0.5e8 + 2, 2),
                new Floor.LayerTime("b", "contract/conv1", 256, 1, 3));
        double floorMs = Floor.networkFlops(256) / 1e8;
        List<EndToEnd.Result> networks = List.of(
                new EndToEnd.Result("a", 256, 3, 10, floorMs * 1.2, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, null),
                new EndToEnd.Result("b", 256, 3, 10, floorMs * 2, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, null));

        String table = Floor.table(MACHINE, AVX2, layers, networks, List.of(256), "floor");

        assertThat(table).contains("Test CPU (AVX2, no AVX-512)", "CPU features: avx avx2 fma f16c, no AVX-512",
                "**Floor: 100 GFLOP/s** (a, residual/residual1/conv1 at a 256 image)", "(x1.20)", "(x2.00)");
        // an upsampling layer is shown, marked, but never sets the floor
        List<Floor.LayerTime> withUpsampling = new java.util.ArrayList<>(layers);
        withUpsampling.add(new Floor.LayerTime("b", "expand/conv2", 256, 1.5, 0.5));
        assertThat(Floor.table(MACHINE, AVX2, withUpsampling, networks, List.of(256), "floor"))
                .contains("**Floor: 100 GFLOP/s**", "| expand/conv2 * (256) | 1.074 | - | 1074 |");
        // a layer no faster than its frame gives no rate rather than a negative one
        assertThat(table).containsPattern("contract/conv1 \\(256\\) \\| 1\\.019 \\| - \\| - \\|");
    }
}
