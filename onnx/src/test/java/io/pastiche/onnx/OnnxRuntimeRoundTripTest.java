package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.DefaultModel;
import io.pastiche.StyleMix;
import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exported graph computes what pastiche computes, in ONNX Runtime, on sizes that need the crop, for single
 * styles and mixes (weights used as given, not normalised), on three kinds of model.
 */
class OnnxRuntimeRoundTripTest {

    @Test
    void fullWidthFloat32Model() throws Exception {
        Model model = RandomModels.model(NetworkSpec.standard(1.0), 3, 11);
        assertThat(RoundTrip.check(model, List.of(StyleMix.of(0), StyleMix.of(2),
                StyleMix.of(0, 0.6, 2, 0.6)))).isLessThanOrEqualTo(1);
    }

    /** The bundled model is stored in half precision; its values are exported as the float32 pastiche reads. */
    @Test
    void defaultModelFloat16() throws Exception {
        Model model = DefaultModel.read();
        assertThat(RoundTrip.check(model, List.of(StyleMix.of(0), StyleMix.of(9),
                StyleMix.of(3, 0.5, 12, 0.5)))).isLessThanOrEqualTo(1);
    }

    /** The smallest side reflect padding allows at every layer (docs/export.md says 5 for the paper's layout). */
    @Test
    void smallestInputTheNetworkAccepts() throws Exception {
        Model model = RandomModels.model(NetworkSpec.standard(0.25), 2, 17);
        int side = model.spec().minimumInputSize();

        assertThat(side).isEqualTo(5);
        assertThat(RoundTrip.check(model, List.of(StyleMix.of(1)), List.of(new int[] {side, side},
                new int[] {side, side + 2}))).isLessThanOrEqualTo(1);
    }

    @Test
    void slimCustomLayout() throws Exception {
        Model model = RandomModels.model(SlimLayout.spec(), 4, 5);
        assertThat(RoundTrip.check(model, List.of(StyleMix.of(1), StyleMix.of(3),
                StyleMix.of(0, 0.25, 3, 0.75)))).isLessThanOrEqualTo(1);
    }
}
