package io.pastiche.loss;

/** The mean of squared differences in float64: what the content loss and each style layer's loss are of. */
final class MeanSquaredDifference {

    private MeanSquaredDifference() {
    }

    /** The mean over the values of {@code (a - b)^2}; {@code b} has at least as many values as {@code a}. */
    static double of(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum / a.length;
    }
}
