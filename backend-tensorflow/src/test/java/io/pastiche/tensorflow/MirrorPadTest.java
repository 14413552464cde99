package io.pastiche.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@link MirrorPad} gives TensorFlow's {@code MirrorPad} values exactly, and its gradients with respect to the
 * input; the conformance kits reach padding by 1 and by 4 only as parts of whole networks.
 */
class MirrorPadTest {

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource({"REFLECT, 1", "REFLECT, 2", "REFLECT, 4", "SYMMETRIC, 1", "SYMMETRIC, 3"})
    void equalsTensorFlowsMirrorPadInValuesAndGradients(String mode, int padding) {
        TensorflowTesting.backend();
        long[] shape = {2, 7, 5, 3};
        long[] padded = {2, 7 + 2L * padding, 5 + 2L * padding, 3};
        Random random = new Random(padding);
        float[] x = gaussian(random, 2 * 7 * 5 * 3);
        float[] up = gaussian(random, Math.toIntExact(padded[0] * padded[1] * padded[2] * padded[3]));
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
            Operand<TFloat32> upstream = tf.constant(Shape.of(padded), DataBuffers.of(up, true, false));
            List<Output<?>> all = new ArrayList<>();
            for (boolean ours : new boolean[] {true, false}) {
                Operand<TFloat32> y = ours
                        ? (mode.equals("REFLECT") ? MirrorPad.reflect(tf, input, padding)
                                : MirrorPad.symmetric(tf, input, padding))
                        : tf.mirrorPad(input, tf.constant(new int[][] {{0, 0}, {padding, padding}, {padding, padding},
                                {0, 0}}), mode);
                Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, upstream), tf.constant(new int[] {0, 1, 2, 3}));
                all.add(y.asOutput());
                all.add(graph.addGradients(loss.asOutput(), new Output<?>[] {input.output()})[0]);
            }
            try (Session session = new Session(graph); Feeds feeds = new Feeds()) {
                Session.Runner runner = session.runner().feed(input, feeds.floats(x, shape));
                all.forEach(runner::fetch);
                try (Result result = runner.run()) {
                    assertThat(Feeds.read(result.get(0))).as("values").containsExactly(Feeds.read(result.get(2)));
                    float[] gradient = Feeds.read(result.get(1));
                    float[] reference = Feeds.read(result.get(3));
                    assertThat(gradient).hasSameSizeAs(reference);
                    for (int i = 0; i < reference.length; i++) {
                        // Sums of up to four upstream values, added in another order.
                        assertThat((double) gradient[i]).as("d/d input element %d", i)
                                .isCloseTo(reference[i], org.assertj.core.data.Offset.offset(1e-5));
                    }
                }
            }
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
