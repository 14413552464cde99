package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arguments that do not fit are refused before any native work; closed handles refuse to run. */
class NetworkLifecycleTest {

    private final NetworkSpec spec = NetworkSpec.standard(0.25);
    private final List<float[]> weights = Float64Reference.weights(spec, 1, 0.05);
    private final StyleEmbedding style = Float64Reference.style(spec, 2);

    @Test
    void refusesWeightsOfTheWrongSize() {
        List<float[]> wrong = new ArrayList<>(weights);
        wrong.set(3, new float[7]);

        assertThatThrownBy(() -> DjlTesting.backend().compile(spec, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("residual/residual1/conv1");
        assertThatThrownBy(() -> DjlTesting.backend().compile(spec, weights.subList(0, 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesInputsThatDoNotFit() {
        try (CompiledNetwork network = DjlTesting.backend().compile(spec, weights)) {
            Tensor two = Float64Reference.image(1, 2, 3, 16, 16);
            assertThatThrownBy(() -> network.forward(two, List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one style embedding per image");

            Tensor tiny = Float64Reference.image(1, 1, 3, 2, 16);
            assertThatThrownBy(() -> network.forward(tiny, List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");

            Tensor gray = Float64Reference.image(1, 1, 1, 16, 16);
            assertThatThrownBy(() -> network.forward(gray, List.of(style)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");

            StyleEmbedding other = Float64Reference.style(NetworkSpec.standard(0.5), 3);
            Tensor image = Float64Reference.image(1, 1, 3, 16, 16);
            assertThatThrownBy(() -> network.forward(image, List.of(other)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contract/conv1");
        }
    }

    @Test
    void theSmallestAcceptedInputRuns() {
        int side = spec.minimumInputSize();
        try (CompiledNetwork network = DjlTesting.backend().compile(spec, weights)) {
            Tensor out = network.forward(Float64Reference.image(1, 1, 3, side, side), List.of(style));

            assertThat(out.height()).isEqualTo(spec.outputSize(side));
        }
    }

    @Test
    void aClosedNetworkRefusesToRunAndClosingTwiceIsHarmless() {
        CompiledNetwork network = DjlTesting.backend().compile(spec, weights);
        network.close();
        network.close();

        assertThatThrownBy(() -> network.forward(Float64Reference.image(1, 1, 3, 16, 16), List.of(style)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheBackendClosesItsNetworks() {
        Backend backend = new DjlBackendProvider().open();
        CompiledNetwork network = backend.compile(spec, weights);
        backend.close();
        backend.close();

        assertThatThrownBy(() -> network.forward(Float64Reference.image(1, 1, 3, 16, 16), List.of(style)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> backend.compile(spec, weights)).isInstanceOf(IllegalStateException.class);
    }
}
