package io.pastiche.tensorflow.magenta;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.pastiche.tensorflow.TensorflowBackendProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * What value TensorFlow's {@code QuantizedConv2D} gives a quint8 filter with its min and max, measured by running
 * the kernel: a 1x1 convolution of a one-pixel image of value 1 (quantised over [0, 1], so exactly 255 * 1/255)
 * returns the filter's values, as a 32-bit result whose step is the product of the input's and the filter's steps.
 * The importer reads 8-bit filters as a {@code MIN_FIRST} Dequantize; this checks that it is the same thing, and
 * that the plainer {@code min + q * (max - min) / 255} is not.
 */
class QuantizedFilterSemanticsTest {

    @BeforeAll
    static void load() {
        new TensorflowBackendProvider().open().close();
    }

    @Test
    void quantizedConv2DReadsItsFilterAsMinFirstDequantize() {
        byte[] q = new byte[256];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) i;
        }
        // A min on the quantisation grid, and two that are not (the released graphs' ranges are arbitrary).
        for (float[] range : new float[][] {{-0.51f, 2.04f}, {-0.3137f, 0.71f}, {-0.0123f, 2.5f}}) {
            float min = range[0];
            float max = range[1];
            float[][] read = run(q, min, max);
            float[] conv = read[0];
            float[] minFirst = read[1];
            double step = (max - min) / 255.0;
            double plainWorst = 0;
            for (int i = 0; i < q.length; i++) {
                assertThat((double) minFirst[i]).as("q=%d", i).isCloseTo(conv[i], org.assertj.core.data.Offset
                        .offset(1e-6 * Math.max(1, Math.abs(conv[i]))));
                assertThat((double) MagentaModels.dequantizeMinFirst(i, min, max)).as("q=%d", i)
                        .isCloseTo(conv[i], org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(conv[i]))));
                plainWorst = Math.max(plainWorst, Math.abs(min + i * step - conv[i]));
            }
            // The kernel's zero point rounds min to the grid: the plain formula is off by that rounding.
            double rounding = Math.abs(Math.round(min / step) * step - min);
            System.out.printf("QuantizedConv2D filter, range [%s, %s]: MIN_FIRST Dequantize matches; min + q * step "
                    + "is off by up to %.2e (%.2f steps)%n", min, max, plainWorst, plainWorst / step);
            assertThat(plainWorst).isCloseTo(rounding, org.assertj.core.data.Offset.offset(1e-6));
            if (rounding > 1e-3 * step) {
                assertThat(plainWorst).isGreaterThan(1e-3 * step);
            }
        }
    }

    /** The filter values QuantizedConv2D computes with, and TensorFlow's MIN_FIRST Dequantize of them. */
    private static float[][] run(byte[] q, float min, float max) {
        int c = q.length;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            TensorProto values = TensorProto.newBuilder().setDtype(DataType.DT_QUINT8)
                    .setTensorShape(TensorShapeProto.newBuilder().addDim(dim(1)).addDim(dim(1)).addDim(dim(1))
                            .addDim(dim(c)))
                    .setTensorContent(ByteString.copyFrom(q)).build();
            Output<?> filter = graph.opBuilder("Const", "filter", tf.scope()).setAttr("dtype", DataType.DT_QUINT8)
                    .setAttr("value", AttrValue.newBuilder().setTensor(values).build()).build().output(0);
            Operation input = graph.opBuilder("QuantizeV2", "input", tf.scope())
                    .addInput(tf.constant(new float[][][][] {{{{1f}}}}).asOutput())
                    .addInput(tf.constant(0f).asOutput()).addInput(tf.constant(1f).asOutput())
                    .setAttr("T", DataType.DT_QUINT8).setAttr("mode", "MIN_FIRST").build();
            Operation conv = graph.opBuilder("QuantizedConv2D", "conv", tf.scope())
                    .addInput(input.output(0)).addInput(filter).addInput(input.output(1)).addInput(input.output(2))
                    .addInput(tf.constant(min).asOutput()).addInput(tf.constant(max).asOutput())
                    .setAttr("out_type", DataType.DT_QINT32).setAttr("strides", new long[] {1, 1, 1, 1})
                    .setAttr("padding", "VALID").build();
            // TensorFlow Java has no qint32 tensor type: read the 32-bit result as int32.
            graph.opBuilder("Bitcast", "result", tf.scope()).addInput(conv.output(0))
                    .setAttr("type", DataType.DT_INT32).build();
            graph.opBuilder("Dequantize", "dequantized", tf.scope()).addInput(filter)
                    .addInput(tf.constant(min).asOutput()).addInput(tf.constant(max).asOutput())
                    .setAttr("mode", "MIN_FIRST").build();
            try (Result r = session.runner().fetch("result").fetch("conv", 2).fetch("dequantized").run()) {
                int[] ints = new int[c];
                r.get(0).asRawTensor().data().asInts().read(ints);
                float[] high = new float[1];
                r.get(1).asRawTensor().data().asFloats().read(high);
                float[] dequantized = new float[c];
                r.get(2).asRawTensor().data().asFloats().read(dequantized);
                // The 32-bit result spans [lowest, highest] of int32 times one step of input x filter.
                double one = high[0] / (double) Integer.MAX_VALUE;
                float[] conv2d = new float[c];
                for (int i = 0; i < c; i++) {
                    conv2d[i] = (float) (ints[i] * one);
                }
                return new float[][] {conv2d, dequantized};
            }
        }
    }

    private static TensorShapeProto.Dim dim(long size) {
        return TensorShapeProto.Dim.newBuilder().setSize(size).build();
    }
}
