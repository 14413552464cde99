package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One ONNX file holds at most 2 GiB: a network too wide for it is refused before anything is built. */
class FileSizeLimitTest {

    @Test
    void theWidestStandardNetworkFits() {
        assertThatCode(() -> OnnxExport.checkSize(NetworkSpec.standard(16), 32)).doesNotThrowAnyException();
    }

    @Test
    void aNetworkOfMoreThan2GiBOfWeightsIsRefused() {
        NetworkSpec wide = new NetworkSpec(List.of(
                new ConvLayer("in", 3, 4096, 1, 1, 1, Activation.RELU),
                new ConvLayer("wide", 4096, 4096, 7, 1, 1, Activation.RELU), // 822 million weights, 3.3 GB
                new ConvLayer("out", 4096, 3, 1, 1, 1, Activation.SIGMOID)));

        assertThatThrownBy(() -> OnnxExport.checkSize(wide, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 2 GiB");
    }
}
