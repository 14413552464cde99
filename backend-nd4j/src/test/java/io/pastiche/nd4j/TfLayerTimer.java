package io.pastiche.nd4j;

import java.util.Random;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * The layers as the tensorflow backend computes them, NHWC (TensorFlow's CPU convolution has no NCHW kernel):
 * {@code conv2d} and a training-mode fused batch norm. Eager mode, so each call also pays TensorFlow's per-op
 * dispatch, which the backend's graph mode does not.
 */
final class TfLayerTimer implements LayerTimer {

    private final EagerSession session = EagerSession.create();
    private final Ops tf = Ops.create(session);
    private final Random random = new Random(1);

    @Override
    public Runnable convolution(int in, int out, int kernel, int side) {
        int padded = side + kernel - 1;
        Operand<TFloat32> x = random(1, padded, padded, in);
        Operand<TFloat32> w = random(kernel, kernel, in, out);
        return () -> tf.nn.conv2d(x, w, java.util.List.of(1L, 1L, 1L, 1L), "VALID").asTensor().close();
    }

    @Override
    public Runnable instanceNorm(int channels, int side) {
        Operand<TFloat32> x = random(1, side, side, channels);
        Operand<TFloat32> gamma = tf.ones(tf.constant(new int[] {channels}), TFloat32.class);
        Operand<TFloat32> beta = tf.zeros(tf.constant(new int[] {channels}), TFloat32.class);
        Operand<TFloat32> empty = tf.constant(new float[0]);
        return () -> tf.nn.relu(tf.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
                FusedBatchNorm.epsilon(1e-5f), FusedBatchNorm.isTraining(true)).y()).asTensor().close();
    }

    private Operand<TFloat32> random(long... shape) {
        float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return tf.reshape(tf.constant(values), tf.constant(shape));
    }

    @Override
    public void close() {
        session.close();
    }
}
