package io.pastiche.nd4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The layers as the djl backend computes them: {@code Conv2d.conv2d} (PyTorch, oneDNN) and instance norm as a
 * training-mode batch norm over the {@code [1, B*C, H, W]} view. Open the djl backend first: it sets DJL's
 * offline properties and loads the engine.
 */
final class DjlLayerTimer implements LayerTimer {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape ZERO = new Shape(0, 0);

    private final NDManager manager = NDManager.newBaseManager();

    @Override
    public Runnable convolution(int in, int out, int kernel, int side) {
        NDArray x = manager.randomUniform(0, 1, new Shape(1, in, side + kernel - 1, side + kernel - 1));
        NDArray w = manager.randomUniform(0, 1, new Shape(out, in, kernel, kernel));
        return () -> Conv2d.conv2d(x, w, null, ONE, ZERO, ONE, 1).close();
    }

    @Override
    public Runnable instanceNorm(int channels, int side) {
        NDArray x = manager.randomUniform(0, 1, new Shape(1, channels, side, side));
        NDArray gamma = manager.ones(new Shape(channels));
        NDArray beta = manager.zeros(new Shape(channels));
        return () -> {
            try (NDManager call = manager.newSubManager()) {
                NDArray mean = call.zeros(new Shape(channels));
                NDArray var = call.ones(new Shape(channels));
                NDArray y = x.getNDArrayInternal().batchNorm(x, mean, var, gamma, beta, 1, 0.1f, 1e-5f, true)
                        .singletonOrThrow();
                y.attach(call);
                Activation.relu(y).attach(call);
            }
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
