package io.pastiche.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Hand-computed values pin the normalisations of the paper's losses (docs/training.md). */
class LossesTest {

    // One image, two channels of 2x2: a = [1, 2, 3, 4], b = [0, 1, 0, 1].
    private final Tensor features = new Tensor(new float[] {1, 2, 3, 4, 0, 1, 0, 1}, 1, 2, 2, 2);

    @Test
    void gramIsDividedByThePositionsOnly() {
        double[] gram = GramMatrix.of(features, 0);
        assertThat(gram).containsExactly((1 + 4 + 9 + 16) / 4.0, (2 + 4) / 4.0, (2 + 4) / 4.0, 2 / 4.0);
    }

    @Test
    void styleLossIsTheMeanOverTheGramEntriesThenTheBatch() {
        double[][] target = {{7.5, 1.5, 1.5, 0.0}}; // differs from the Gram above only in the last entry, by 0.5
        assertThat(StyleLoss.of(features, target)).isCloseTo(0.25 / 4, within(1e-12));
        Tensor two = new Tensor(new float[] {1, 2, 3, 4, 0, 1, 0, 1, 1, 2, 3, 4, 0, 1, 0, 1}, 2, 2, 2, 2);
        double[][] targets = {{7.5, 1.5, 1.5, 0.5}, {7.5, 1.5, 1.5, 0.0}};
        assertThat(StyleLoss.of(two, targets)).isCloseTo((0 + 0.25 / 4) / 2, within(1e-12));
    }

    @Test
    void contentLossIsTheMeanSquaredDifference() {
        Tensor other = new Tensor(new float[] {1, 2, 3, 6, 0, 1, 0, 0}, 1, 2, 2, 2);
        assertThat(ContentLoss.of(features, other)).isCloseTo((4 + 1) / 8.0, within(1e-12));
    }

    @Test
    void totalVariationAveragesBothDirections() {
        // channel a: vertical diffs (3-1, 4-2) = 2, 2; horizontal (2-1, 4-3) = 1, 1
        // channel b: vertical 0, 0; horizontal 1, -1
        double vertical = (4 + 4 + 0 + 0) / 4.0;
        double horizontal = (1 + 1 + 1 + 1) / 4.0;
        assertThat(TotalVariationLoss.of(features)).isCloseTo(vertical + horizontal, within(1e-12));
    }
}
