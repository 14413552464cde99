package io.pastiche.tensorflow;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Between the SPI's layouts and TensorFlow's fastest CPU ones: images NCHW at the edges, NHWC inside the graph;
 * convolution weights OIHW in the SPI, HWIO (TensorFlow's filter layout) inside.
 */
final class Layout {

    private Layout() {
    }

    /** NCHW to NHWC, inside the graph. */
    static Operand<TFloat32> toNhwc(Ops tf, Operand<TFloat32> nchw) {
        return tf.linalg.transpose(nchw, tf.constant(new int[] {0, 2, 3, 1}));
    }

    /** NHWC to NCHW, inside the graph. */
    static Operand<TFloat32> toNchw(Ops tf, Operand<TFloat32> nhwc) {
        return tf.linalg.transpose(nhwc, tf.constant(new int[] {0, 3, 1, 2}));
    }

    /** OIHW to HWIO, inside the graph: for weights fed per call, whose gradients then come back OIHW. */
    static Operand<TFloat32> toHwio(Ops tf, Operand<TFloat32> oihw) {
        return tf.linalg.transpose(oihw, tf.constant(new int[] {2, 3, 1, 0}));
    }

    /** OIHW to HWIO, in Java: for weights that become constants of the graph. */
    static float[] toHwio(float[] oihw, int out, int in, int kernel) {
        float[] hwio = new float[oihw.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        hwio[((ky * kernel + kx) * in + i) * out + o] = oihw[((o * in + i) * kernel + ky) * kernel + kx];
                    }
                }
            }
        }
        return hwio;
    }
}
