package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void theDeviceIsTheEnginesChoiceUnlessOneIsNamed() {
        LoadOptions defaults = LoadOptions.defaults();

        assertThat(defaults.device()).isEqualTo(Device.AUTO);
        assertThat(defaults.withDevice(Device.CPU).device()).isEqualTo(Device.CPU);
        assertThat(defaults.withDevice(Device.GPU).withBackend("x").withMaxPixels(9).device()).isEqualTo(Device.GPU);
        assertThat(defaults.withDevice(Device.CPU).toString()).contains("device=CPU");
        assertThatThrownBy(() -> defaults.withDevice(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBackendWithoutGpuSupportRefusesTheGpuAndRunsOnTheCpu() {
        Model model = Model.untrained(NetworkSpec.standard(0.125), 1.0, List.of("a"), 1);
        LoadOptions reference = LoadOptions.defaults().withBackend("reference");

        assertThatThrownBy(() -> StyleNetwork.of(model, reference.withDevice(Device.GPU)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("the reference backend has no GPU support");
        try (StyleNetwork network = StyleNetwork.of(model, reference.withDevice(Device.CPU))) {
            assertThat(network.backend()).isEqualTo("reference");
        }
    }
}
