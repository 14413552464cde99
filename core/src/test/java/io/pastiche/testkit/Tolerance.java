package io.pastiche.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.tensor.Tensor;

/**
 * Compares an engine's float32 result with the float64 reference, with a tolerance scaled by the largest
 * reference value: near-zero elements legitimately differ by more than a relative bound.
 */
public final class Tolerance {

    private Tolerance() {
    }

    /** Asserts |actual - expected| <= relative * max|expected| for every element of image {@code n}. */
    public static void assertClose(Tensor actual, int n, FeatureMap expected, double relative, String what) {
        assertThat(new int[] {actual.channels(), actual.height(), actual.width()})
                .as(what + ": shape (C, H, W)")
                .containsExactly(expected.channels(), expected.height(), expected.width());
        double max = 0;
        for (double v : expected.data()) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        int worstIndex = -1;
        int plane = expected.data().length;
        for (int i = 0; i < plane; i++) {
            double diff = Math.abs(actual.data()[n * plane + i] - expected.data()[i]);
            if (!(diff <= worst)) {
                worst = diff;
                worstIndex = i;
            }
        }
        assertThat(worst)
                .as("%s: largest difference %.3g at element %d, allowed %.3g (= %.1g x max %.4g)",
                        what, worst, worstIndex, relative * max, relative, max)
                .isLessThanOrEqualTo(relative * max);
    }
}
