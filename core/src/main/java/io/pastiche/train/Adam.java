package io.pastiche.train;

/**
 * Adam (Kingma and Ba), as PyTorch computes it: {@code p -= lr * m_hat / (sqrt(v_hat) + eps)} with bias-corrected
 * moments. Plain Java in the trainer rather than in each engine, so every backend follows the same trajectory and
 * the optimiser's state is part of the engine-free checkpoint.
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private Adam() {
    }

    /**
     * One update of {@code params[from, to)}.
     *
     * @param t the step count, 1 for the first update
     */
    static void update(float[] params, float[] grads, float[] m, float[] v, int from, int to, long t,
                       double learningRate) {
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        for (int i = from; i < to; i++) {
            double g = grads[i];
            double mi = BETA1 * m[i] + (1 - BETA1) * g;
            double vi = BETA2 * v[i] + (1 - BETA2) * g * g;
            m[i] = (float) mi;
            v[i] = (float) vi;
            params[i] -= (float) (learningRate * (mi / correction1) / (Math.sqrt(vi / correction2) + EPSILON));
        }
    }
}
