package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.Device;
import io.pastiche.spi.Availability;
import io.pastiche.spi.BackendProvider;
import io.pastiche.spi.Backends;
import io.pastiche.spi.CpuFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class Nd4jBackendProviderTest {

    @Test
    void isAvailableHere() {
        Availability availability = new Nd4jBackendProvider().availability();

        assertThat(availability.available()).as(availability.reason()).isTrue();
        assertThat(availability.reason()).isEmpty();
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        BackendProvider provider = Backends.discover().choose("nd4j");

        assertThat(provider).isInstanceOf(Nd4jBackendProvider.class);
        assertThat(provider.name()).isEqualTo("nd4j");
        assertThat(provider.rank()).isEqualTo(Nd4jBackendProvider.RANK).isLessThan(100);
    }

    @Test
    void tellsTheMemoryJavaCppStillAllows() {
        // JavaCPP refuses ND4J's allocations past its limit: the default memory budget stays within it.
        OptionalLong left = Nd4jTesting.backend().memoryLeft();
        assertThat(left).isPresent();
        assertThat(left.getAsLong()).isPositive()
                .isLessThanOrEqualTo(Pointer.maxPhysicalBytes() - Pointer.physicalBytes() / 2);
    }

    @Test
    void opensAndASecondBackendOpensBesideTheFirst() {
        assertThat(Nd4jTesting.backend().name()).isEqualTo("nd4j");
        try (var second = new Nd4jBackendProvider().open()) {
            assertThat(second.name()).isEqualTo("nd4j");
        }
    }

    @Test
    void loadsTheOneDnnBuildChosenForThisCpu() throws Exception {
        Nd4jTesting.backend();
        // Both are on the test class path; -Dpastiche.nd4j.build=onednn-avx2 runs the tests on the default here.
        String requested = System.getProperty(Nd4jRuntime.BUILD_PROPERTY);
        NativeBuild expected = requested != null ? NativeBuild.named(requested).orElseThrow()
                : CpuFeatures.current().hasAll(CpuFeatures.AVX512) ? NativeBuild.ONEDNN_AVX512
                : NativeBuild.ONEDNN_AVX2;

        assertThat(Nd4jRuntime.loadedBuild()).as(CpuFeatures.current().describe()).isEqualTo(expected);
        assertThat(org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo())
                .contains("HAVE_ONEDNN");
        String library = "/" + expected.classifier("linux-x86_64") + "/libnd4jcpu.so";
        assertThat(Files.readAllLines(Path.of("/proc/self/maps"))).anyMatch(line -> line.endsWith(library));
    }

    @Test
    void leavesJavaCppsPlatformExtensionAsItFoundIt() {
        Nd4jTesting.backend();

        assertThat(org.bytedeco.javacpp.Loader.loadProperties().getProperty("platform.extension")).isNull();
    }

    /** The conformance kit checks CPU and GPU requests; here, that the refusal names this engine's GPU natives. */
    @Test
    void aGpuRequestNamesWhatThisEnginesGpuNeeds() {
        assertThatThrownBy(() -> new Nd4jBackendProvider().open(Device.GPU)).hasMessageContaining("nd4j-cuda-11.6");
    }
}
