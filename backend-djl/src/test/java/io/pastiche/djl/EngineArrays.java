package io.pastiche.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Helpers for tests of single operations on the engine: random arrays, values without and gradients with grad
 * mode, and comparisons scaled by the largest value.
 */
final class EngineArrays {

    private EngineArrays() {
    }

    /** A root manager on the engine, which the first call opens (through the backend, with its settings). */
    static NDManager manager() {
        DjlTesting.backend();
        return Engine.getEngine(DjlRuntime.ENGINE_NAME).newBaseManager();
    }

    static NDArray random(NDManager manager, long seed, long... shape) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(shape));
    }

    /**
     * The gradients of {@code sum(f(inputs) * probe)} with respect to each input, in grad mode, with a fixed
     * random probe so that every output element counts with its own weight.
     */
    static float[][] gradients(NDManager manager, Function<NDArray[], NDArray> f, NDArray... inputs) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] leaves = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = inputs[i].duplicate();
                leaves[i].attach(scope);
                leaves[i].setRequiresGradient(true);
            }
            NDArray out = f.apply(leaves);
            NDArray probe = random(scope, 99, out.getShape().getShape());
            NDArray total = out.mul(probe).sum();
            JniUtils.backward((PtNDArray) total, (PtNDArray) total.onesLike(), false, false);
            float[][] grads = new float[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = leaves[i].getGradient().toFloatArray();
            }
            return grads;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The values {@code f} computes with grad mode off, as inference runs. */
    static float[] inference(Supplier<NDArray> f) {
        return inferenceArray(f).toFloatArray();
    }

    /** {@code f}'s array, computed without autograd recording. */
    static NDArray inferenceArray(Supplier<NDArray> f) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return f.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Element by element within {@code relative} times the largest absolute value of {@code expected}. */
    static void assertClose(float[] actual, float[] expected, double relative) {
        assertThat(actual).hasSameSizeAs(expected);
        double tolerance = relative * maxAbs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
        }
    }

    /** The largest absolute value, for tolerances scaled by it. */
    static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
