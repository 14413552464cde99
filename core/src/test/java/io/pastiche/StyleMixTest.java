package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleMixTest {

    @Test
    void weightsAreUsedAsGivenUnlessNormalisedExplicitly() {
        StyleMix mix = StyleMix.of(0, 0.7, 3, 0.6);
        assertThat(mix.weights()).containsEntry(0, 0.7).containsEntry(3, 0.6);
        StyleMix normalized = mix.normalized();
        assertThat(normalized.weights().get(0)).isCloseTo(0.7 / 1.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(normalized.weights().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(mix.maxStyle()).isEqualTo(3);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> StyleMix.of(Map.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> StyleMix.of(-1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> StyleMix.of(Map.of(0, Double.NaN))).hasMessageContaining("finite");
        assertThatThrownBy(() -> StyleMix.of(0, 1, 0, 2)).hasMessageContaining("twice");
        assertThatThrownBy(() -> StyleMix.of(0, 1, 1, -1).normalized()).hasMessageContaining("sum to 0");
    }
}
