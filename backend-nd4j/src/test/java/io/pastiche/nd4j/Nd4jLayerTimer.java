package io.pastiche.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers as this backend computes them ({@link Conv}, {@link InstanceNorm}), in a workspace as the backend's
 * calls are: outside one, every call would take fresh native memory (and its page faults).
 */
final class Nd4jLayerTimer implements LayerTimer {

    private final Arena arena = new Arena();

    Nd4jLayerTimer() {
        Nd4jRuntime.start();
    }

    @Override
    public Runnable convolution(int in, int out, int kernel, int side) {
        INDArray x = arena.add(Nd4j.rand(DataType.FLOAT, 1, in, side + kernel - 1, side + kernel - 1));
        INDArray w = arena.add(Nd4j.rand(DataType.FLOAT, kernel, kernel, in, out));
        return () -> {
            try (MemoryWorkspace call = Workspaces.open(Workspaces.CALL)) {
                Conv.forward(x, w, null, 1, 0);
            }
        };
    }

    @Override
    public Runnable instanceNorm(int channels, int side) {
        INDArray x = arena.add(Nd4j.rand(DataType.FLOAT, 1, channels, side, side));
        float[] gamma = new float[channels];
        java.util.Arrays.fill(gamma, 1);
        float[] beta = new float[channels];
        // in place on the same map every time, as the network does on each convolution's output
        return () -> {
            try (MemoryWorkspace workspace = Workspaces.open(Workspaces.CALL)) {
                InstanceNorm.inference(x, gamma, beta, io.pastiche.network.Activation.RELU, Layout.NCHW);
            }
        };
    }

    @Override
    public void close() {
        arena.close();
    }

}
