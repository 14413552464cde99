package io.pastiche.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.network.Activation;
import io.pastiche.network.ConvLayer;
import io.pastiche.plan.ConvForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every inference form computes what upsampling, reflect padding and a direct convolution compute. */
class InferenceConvTest {

    private static final Arena ARENA = new Arena();

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
        Nd4j.getRandom().setSeed(7);
    }

    @AfterAll
    static void free() {
        ARENA.close();
    }

    @Test
    void upsamplingLayersRunAtTheInputsResolution() {
        ConvLayer layer = new ConvLayer("up", 6, 5, 3, 1, 2, Activation.RELU);
        InferenceConv conv = assertMatchesDirect(layer, 2, 5, 7);
        assertThat(conv).isInstanceOf(UpsampleConv.class);
    }

    @Test
    void upsamplingWorksOnATwoPixelMap() {
        assertMatchesDirect(new ConvLayer("up", 3, 4, 3, 1, 2, Activation.RELU), 1, 2, 2);
    }

    @Test
    void largeKernelsToFewChannelsAreSplit() {
        ConvLayer layer = new ConvLayer("split", 8, 3, 9, 1, 1, Activation.SIGMOID);
        InferenceConv conv = assertMatchesDirect(layer, 2, 11, 9);
        assertThat(conv).isInstanceOf(SplitConv.class);
    }

    @Test
    void otherLayersConvolveDirectly() {
        ConvLayer strided = new ConvLayer("strided", 4, 6, 3, 2, 1, Activation.RELU);
        assertThat(assertMatchesDirect(strided, 2, 9, 8)).isInstanceOf(InferenceConv.DirectConv.class);
        ConvLayer fromRgb = new ConvLayer("rgb", 3, 8, 9, 1, 1, Activation.RELU);
        assertThat(assertMatchesDirect(fromRgb, 1, 12, 10)).isInstanceOf(InferenceConv.DirectConv.class);
    }

    @Test
    void phaseKernelsSumTheTapsEachPhaseSees() {
        // one input and one output channel: w[y][x] = 2^(y*3+x) keeps every tap visible in the sums
        float[] w = new float[9];
        for (int t = 0; t < 9; t++) {
            w[t] = (float) Math.pow(2, t);
        }
        float[] k = UpsampleConv.kernels(w, 1, 1);
        // phase (0, 0): rows {0}, {1, 2}; columns {0}, {1, 2}
        assertThat(k[0 * 4 + 0]).isEqualTo(w[0]);
        assertThat(k[1 * 4 + 0]).isEqualTo(w[1] + w[2]);
        assertThat(k[2 * 4 + 0]).isEqualTo(w[3] + w[6]);
        assertThat(k[3 * 4 + 0]).isEqualTo(w[4] + w[5] + w[7] + w[8]);
        // phase (1, 1): rows {0, 1}, {2}; columns {0, 1}, {2}
        assertThat(k[0 * 4 + 3]).isEqualTo(w[0] + w[1] + w[3] + w[4]);
        assertThat(k[1 * 4 + 3]).isEqualTo(w[2] + w[5]);
        assertThat(k[2 * 4 + 3]).isEqualTo(w[6] + w[7]);
        assertThat(k[3 * 4 + 3]).isEqualTo(w[8]);
    }

    @Test
    void replicatePaddingRepeatsTheEdges() {
        INDArray x = ARENA.add(Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {1, 1, 2, 3}, 'c'));
        INDArray padded = ARENA.add(PadAndResize.replicatePad(x, 1, Layout.NCHW));
        assertThat(padded.reshape(4, 5).toFloatMatrix()).isEqualTo(new float[][] {
            {1, 1, 2, 3, 3}, {1, 1, 2, 3, 3}, {4, 4, 5, 6, 6}, {4, 4, 5, 6, 6}});
    }

    /**
     * Runs the layer's inference form, NCHW and NHWC, and the direct path (NCHW, as training runs it) on random
     * input; returns the form.
     */
    private static InferenceConv assertMatchesDirect(ConvLayer layer, int batch, int height, int width) {
        INDArray x = ARENA.add(Nd4j.rand(DataType.FLOAT, batch, layer.inChannels(), height, width));
        INDArray hwio = ARENA.add(Nd4j.randn(DataType.FLOAT, layer.kernel(), layer.kernel(), layer.inChannels(),
                layer.outChannels()));
        try (Arena arena = new Arena()) {
            INDArray padded = PadAndResize.forward(x, layer.upsample(), layer.padding(), arena);
            INDArray expected = arena.add(Conv.forward(padded, hwio, null, layer.stride(), 0));
            InferenceConv conv = InferenceConv.of(layer, ConvForm.of(layer), hwio, arena);
            double largest = expected.amaxNumber().doubleValue();
            for (Layout layout : Layout.values()) {
                INDArray input = layout == Layout.NCHW ? x : arena.add(x.permute(0, 2, 3, 1).dup('c'));
                INDArray output = arena.add(conv.forward(input, arena,
                        shape -> Nd4j.createUninitialized(DataType.FLOAT, shape), layout));
                INDArray actual = layout == Layout.NCHW ? output : output.permute(0, 3, 1, 2);
                assertThat(actual.shape()).as(layout.name()).containsExactly(expected.shape());
                double difference = actual.sub(expected).amaxNumber().doubleValue();
                assertThat(difference).as("largest difference, " + layout).isLessThanOrEqualTo(1e-5 * largest);
            }
            return conv;
        }
    }
}
