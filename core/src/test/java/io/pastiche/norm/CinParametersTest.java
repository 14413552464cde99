package io.pastiche.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.StyleMix;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class CinParametersTest {

    private final CinParameters cin = RandomModels.model(NetworkSpec.standard(0.25), 3, 1).cin();

    @Test
    void selectsTheRowOfAStyleInEveryLayer() {
        StyleEmbedding style = cin.embedding(2);
        assertThat(style.layers()).isEqualTo(16);
        for (int layer = 0; layer < 16; layer++) {
            assertThat(style.gamma(layer)).containsExactly(cin.layers().get(layer).gamma(2));
            assertThat(style.beta(layer)).containsExactly(cin.layers().get(layer).beta(2));
        }
    }

    @Test
    void mixesRowsLinearlyWithTheWeightsAsGiven() {
        StyleEmbedding mixed = cin.embedding(StyleMix.of(0, 0.75, 2, 0.5));
        ConditionalInstanceNorm layer = cin.layers().get(4);
        float[] gamma = mixed.gamma(4);
        for (int c = 0; c < gamma.length; c++) {
            double expected = 0.75 * layer.gamma(0)[c] + 0.5 * layer.gamma(2)[c];
            assertThat((double) gamma[c]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void unknownStylesAreRefused() {
        assertThatThrownBy(() -> cin.embedding(3)).hasMessageContaining("style 3 is not in 0..2");
    }

    @Test
    void removingAStyleKeepsTheOthersRowsExactly() {
        CinParameters without = cin.withoutStyle(1);
        assertThat(without.styles()).isEqualTo(2);
        for (int layer = 0; layer < 16; layer++) {
            assertThat(without.embedding(0).gamma(layer)).containsExactly(cin.embedding(0).gamma(layer));
            assertThat(without.embedding(1).gamma(layer)).containsExactly(cin.embedding(2).gamma(layer));
            assertThat(without.embedding(1).beta(layer)).containsExactly(cin.embedding(2).beta(layer));
        }
        assertThatThrownBy(() -> cin.withoutStyle(3)).hasMessageContaining("cannot remove style 3 of 3");
    }

    @Test
    void identityIsTheStartOfTraining() {
        CinParameters identity = CinParameters.identity(NetworkSpec.standard(0.25), 2);
        assertThat(identity.embedding(1).gamma(0)).containsOnly(1f);
        assertThat(identity.embedding(1).beta(15)).containsOnly(0f);
    }

    @Test
    void layersMustFollowTheNetwork() {
        NetworkSpec spec = NetworkSpec.standard(0.25);
        List<ConditionalInstanceNorm> layers = new java.util.ArrayList<>(CinParameters.identity(spec, 1).layers());
        layers.set(3, ConditionalInstanceNorm.identity("wrong/name", 1, 32));
        assertThatThrownBy(() -> new CinParameters(spec, layers)).hasMessageContaining("wrong/name");
    }

    @Test
    void aBatchsGammaAndBetaArePackedAsRowsOneImageEach() {
        StyleEmbedding a = new StyleEmbedding(List.of(new float[] {1, 2}, new float[] {3}),
                List.of(new float[] {4, 5}, new float[] {6}));
        StyleEmbedding b = new StyleEmbedding(List.of(new float[] {7, 8}, new float[] {9}),
                List.of(new float[] {10, 11}, new float[] {12}));

        assertThat(StyleEmbedding.gammaRows(List.of(a, b), 0)).containsExactly(1, 2, 7, 8);
        assertThat(StyleEmbedding.betaRows(List.of(a, b), 1)).containsExactly(6, 12);
        assertThat(a.channels(0)).isEqualTo(2);
        StyleEmbedding other = new StyleEmbedding(List.of(new float[] {1}, new float[] {3}),
                List.of(new float[] {4}, new float[] {6}));
        assertThatThrownBy(() -> StyleEmbedding.gammaRows(List.of(a, other), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image 1");
    }
}
