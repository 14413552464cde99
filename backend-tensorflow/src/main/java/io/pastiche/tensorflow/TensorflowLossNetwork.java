package io.pastiche.tensorflow;

import io.pastiche.lossnet.InputNormalization;
import io.pastiche.lossnet.LossNetwork;
import io.pastiche.lossnet.Pooling;
import io.pastiche.lossnet.VggLayer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The VGG loss network as TensorFlow operations, NHWC, up to the deepest feature the losses read: the input
 * normalisation {@code (x * scale - mean) / std} per channel, 3x3 convolutions with bias and SAME zero padding each
 * followed by a ReLU, and 2x2 poolings of stride 2, VALID (odd rows and columns dropped, as torchvision's floor
 * mode). Its weights are constants of the graph, added once and shared by every use ({@link #features}): gradients
 * flow through them to the image only.
 */
final class TensorflowLossNetwork {

    private static final List<Long> ONE = List.of(1L, 1L, 1L, 1L);
    private static final List<Long> TWO = List.of(1L, 2L, 2L, 1L);

    private final List<VggLayer> layers;
    private final Pooling pooling;
    private final List<Operand<TFloat32>> weights;
    private final List<Operand<TFloat32>> biases;
    private final Operand<TFloat32> scale;
    private final Operand<TFloat32> shift;

    /**
     * @param features every feature the losses read
     * @throws IllegalArgumentException naming an unknown feature
     */
    TensorflowLossNetwork(Ops tf, LossNetwork network, Collection<String> features) {
        this.layers = network.spec().layersUpTo(List.copyOf(features));
        this.pooling = network.pooling();
        Ops scope = tf.withSubScope("vgg");
        List<Operand<TFloat32>> w = new ArrayList<>();
        List<Operand<TFloat32>> b = new ArrayList<>();
        int conv = 0;
        for (VggLayer layer : layers) {
            if (layer.isConvolution()) {
                float[] hwio = Layout.toHwio(network.weight(conv), layer.outChannels(), layer.inChannels(), 3);
                w.add(scope.constant(Shape.of(3, 3, layer.inChannels(), layer.outChannels()),
                        DataBuffers.of(hwio, true, false)));
                b.add(scope.constant(network.bias(conv)));
                conv++;
            }
        }
        this.weights = List.copyOf(w);
        this.biases = List.copyOf(b);
        InputNormalization norm = network.normalization();
        float[] scales = new float[3];
        float[] shifts = new float[3];
        for (int c = 0; c < 3; c++) {
            scales[c] = (float) (norm.scale() / norm.std()[c]);
            shifts[c] = (float) (norm.mean()[c] / norm.std()[c]);
        }
        this.scale = scope.constant(scales);
        this.shift = scope.constant(shifts);
    }

    /**
     * @param images NHWC RGB in [0, 1]
     * @param names  the features wanted; the operations stop at the deepest
     * @return the named ReLU outputs, NHWC
     */
    Map<String, Operand<TFloat32>> features(Ops tf, Operand<TFloat32> images, Collection<String> names) {
        Map<String, Operand<TFloat32>> found = new HashMap<>();
        Operand<TFloat32> x = tf.math.sub(tf.math.mul(images, scale), shift);
        int conv = 0;
        int last = 0;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).isConvolution() && names.contains(layers.get(i).reluName())) {
                last = i;
            }
        }
        for (VggLayer layer : layers.subList(0, last + 1)) {
            if (layer.isConvolution()) {
                x = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, weights.get(conv), ONE, "SAME"), biases.get(conv)));
                conv++;
                if (names.contains(layer.reluName())) {
                    found.put(layer.reluName(), x);
                }
            } else if (pooling == Pooling.MAX) {
                x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            } else {
                x = tf.nn.avgPool(x, TWO, TWO, "VALID");
            }
        }
        return found;
    }
}
