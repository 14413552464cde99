package io.pastiche.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    private final NetworkSpec standard = NetworkSpec.standard(1.0);

    @Test
    void standardNetworkHasThePaperSizes() {
        assertThat(standard.convolutions()).hasSize(16);
        assertThat(standard.weightCount()).isEqualTo(1_674_432L);
        assertThat(standard.normChannels()).isEqualTo(1_603);
        assertThat(standard.convolutions().get(0).name()).isEqualTo("contract/conv1");
        assertThat(standard.convolutions().get(15).activation()).isEqualTo(Activation.SIGMOID);
    }

    @Test
    void costIsTwentyGigaflopsAt256AndGrowsWithThePixels() {
        assertThat(standard.flops(256, 256) / 1e9).isBetween(20.1, 20.3);
        assertThat(standard.flops(512, 512) / 1e9).isBetween(80.5, 80.7);
        assertThat(standard.flops(1024, 1024) / 1e9).isBetween(322.4, 322.6);
    }

    @Test
    void outputIsFourTimesTheRoundedUpQuarter() {
        assertThat(standard.outputSize(256)).isEqualTo(256);
        assertThat(standard.outputSize(17)).isEqualTo(20);
        assertThat(standard.outputSize(21)).isEqualTo(24);
    }

    @Test
    void smallestInputLeavesEveryReflectPadRoom() {
        assertThat(standard.minimumInputSize()).isEqualTo(5);
    }

    @Test
    void alphaScalesEveryChannelButTheOutput() {
        NetworkSpec half = NetworkSpec.standard(0.5);
        assertThat(half.convolutions().get(0).outChannels()).isEqualTo(16);
        assertThat(half.convolutions().get(5).outChannels()).isEqualTo(64);
        assertThat(half.convolutions().get(15).outChannels()).isEqualTo(3);
    }

    @Test
    void rejectsChannelMismatchesAndDuplicateNames() {
        ConvLayer first = new ConvLayer("a", 3, 8, 3, 1, 1, Activation.RELU);
        assertThatThrownBy(() -> new NetworkSpec(List.of(first, new ConvLayer("b", 4, 3, 3, 1, 1, Activation.NONE))))
                .hasMessageContaining("b takes 4 channels but the layer before it gives 8");
        assertThatThrownBy(() -> new NetworkSpec(List.of(first, new ConvLayer("a", 8, 3, 3, 1, 1, Activation.NONE))))
                .hasMessageContaining("two layers are named a");
        assertThatThrownBy(() -> new NetworkSpec(List.of(first)))
                .hasMessageContaining("must give 3 channels");
    }

    @Test
    void rejectsImpossibleLayers() {
        assertThatThrownBy(() -> new ConvLayer("x", 3, 3, 4, 1, 1, Activation.NONE)).hasMessageContaining("odd");
        assertThatThrownBy(() -> new ConvLayer("x", 3, 3, 3, 3, 1, Activation.NONE)).hasMessageContaining("stride");
        assertThatThrownBy(() -> new ConvLayer("x y", 3, 3, 3, 1, 1, Activation.NONE)).hasMessageContaining("name");
        assertThatThrownBy(() -> NetworkSpec.standard(0)).hasMessageContaining("alpha");
    }
}
