package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.ConvForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The split of a convolution to few channels ({@link Convolution}) computes what the plain convolution computes,
 * and so do its gradients with respect to the input and to the weights; the conformance kits reach it only in
 * inference (the full-width network's last layer).
 */
class SplitConvolutionTest {

    @Test
    void splitsOnlyConvolutionsToFewChannelsFromMany() {
        assertThat(splits(new ConvLayer("a", 32, 3, 9, 1, 1, Activation.SIGMOID))).isTrue();
        assertThat(splits(new ConvLayer("a", 3, 32, 9, 1, 1, Activation.RELU))).isFalse();
        assertThat(splits(new ConvLayer("a", 32, 16, 9, 1, 1, Activation.RELU))).isFalse();
        assertThat(splits(new ConvLayer("a", 32, 3, 1, 1, 1, Activation.NONE))).isFalse();
        assertThat(splits(new ConvLayer("a", 32, 3, 3, 2, 1, Activation.NONE))).isFalse();
    }

    /** Whether core plans this layer's convolution split, which {@link Convolution#rowSplit} then computes. */
    private static boolean splits(ConvLayer layer) {
        return ConvForm.of(layer) == ConvForm.ROW_SPLIT;
    }

    @Test
    void valuesAndGradientsEqualThoseOfThePlainConvolution() {
        TensorflowTesting.backend();
        ConvLayer layer = new ConvLayer("out", 8, 3, 5, 1, 1, Activation.NONE);
        assertThat(splits(layer)).isTrue();
        Random random = new Random(1);
        float[] x = gaussian(random, 2 * 11 * 9 * 8);
        float[] w = gaussian(random, 5 * 5 * 8 * 3);
        float[] up = gaussian(random, 2 * 7 * 5 * 3);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 11, 9, 8)));
            Placeholder<TFloat32> weight = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(5, 5, 8, 3)));
            Operand<TFloat32> upstream = tf.constant(Shape.of(2, 7, 5, 3),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(up, true, false));
            List<Output<?>> all = new ArrayList<>();
            for (boolean split : new boolean[] {true, false}) {
                Operand<TFloat32> y = split ? Convolution.rowSplit(tf, layer, input, weight)
                        : tf.nn.conv2d(input, weight, List.of(1L, 1L, 1L, 1L), "VALID");
                Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, upstream), tf.constant(new int[] {0, 1, 2, 3}));
                all.add(y.asOutput());
                all.addAll(List.of(graph.addGradients(loss.asOutput(), new Output<?>[] {input.output(),
                        weight.output()})));
            }
            try (Session session = new Session(graph); Feeds feeds = new Feeds()) {
                Session.Runner runner = session.runner()
                        .feed(input, feeds.floats(x, 2, 11, 9, 8))
                        .feed(weight, feeds.floats(w, 5, 5, 8, 3));
                all.forEach(runner::fetch);
                try (Result result = runner.run()) {
                    for (int i = 0; i < 3; i++) {
                        float[] split = Feeds.read(result.get(i));
                        float[] reference = Feeds.read(result.get(3 + i));
                        assertClose(split, reference, new String[] {"output", "d/d input", "d/d weights"}[i]);
                    }
                }
            }
        }
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as("%s element %d", what, i)
                    .isLessThanOrEqualTo(1e-5 * max);
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
