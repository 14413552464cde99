package io.pastiche.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * VALID 2-D convolutions on NCHW float32 through libnd4j's {@code conv2d} and {@code conv2d_bp} ops, which run
 * on oneDNN when the native library has it (the {@code -onednn} classifiers). Weights are in ND4J's own layout
 * HWIO ({@code [kH, kW, in, out]}, weight format 0): oneDNN ran the 9x9 layers 1.5 times faster with it than with
 * OIHW (format 1), which needs a reorder per call.
 */
final class Conv {

    private Conv() {
    }

    /** OIHW (the SPI's layout) to HWIO, a new array. */
    static INDArray toHwio(INDArray oihw) {
        return oihw.permute(2, 3, 1, 0).dup('c');
    }

    /** HWIO to OIHW, a new array. */
    static INDArray toOihw(INDArray hwio) {
        return hwio.permute(3, 2, 0, 1).dup('c');
    }

    /**
     * @param padding zero padding on each side (0 for the style network, which pads by reflection itself)
     * @param bias    {@code [out]} or null
     */
    static INDArray forward(INDArray x, INDArray w, INDArray bias, int stride, int padding) {
        return forward(x, w, bias, stride, padding, Layout.NCHW);
    }

    /** The same with {@code x} and the result in {@code layout}. */
    static INDArray forward(INDArray x, INDArray w, INDArray bias, int stride, int padding, Layout layout) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        op.addInputs(bias == null ? new INDArray[] {x, w} : new INDArray[] {x, w, bias});
        op.addIntegerArguments(args(w, stride, padding, layout));
        return Nd4j.exec(op.build())[0];
    }

    /**
     * A VALID convolution without bias, {@code x} and the result in {@code layout}, written into {@code out}, which
     * may be a view; returns {@code out}. Large channels-last maps may be convolved in strips of rows
     * ({@link ConvStrips}).
     */
    static INDArray forwardInto(INDArray x, INDArray w, int stride, INDArray out, Layout layout) {
        long rows = layout == Layout.NHWC ? ConvStrips.rows(x, out) : 0;
        if (rows == 0) {
            exec(x, w, stride, out, layout);
        } else {
            forwardInStrips(x, w, stride, out, rows);
        }
        return out;
    }

    /** The same into a new array, made in the current workspace and registered in {@code arena}. */
    static INDArray forwardInto(INDArray x, INDArray w, int stride, Arena arena, Layout layout) {
        INDArray out = arena.add(Nd4j.createUninitialized(x.dataType(), validShape(x, w, stride, layout)));
        return forwardInto(x, w, stride, out, layout);
    }

    /** The same for channels-last maps, one call for every {@code rows} output rows of each image. */
    static void forwardInStrips(INDArray x, INDArray w, int stride, INDArray out, long rows) {
        long k = w.size(0);
        long height = out.size(1);
        for (long b = 0; b < out.size(0); b++) {
            for (long from = 0; from < height; from += rows) {
                long to = Math.min(height, from + rows);
                // contiguous views: the input rows this strip's outputs read, the strip's output rows
                exec(x.get(NDArrayIndex.interval(b, b + 1), NDArrayIndex.interval(from * stride,
                        (to - 1) * stride + k), NDArrayIndex.all(), NDArrayIndex.all()), w, stride,
                        out.get(NDArrayIndex.interval(b, b + 1), NDArrayIndex.interval(from, to), NDArrayIndex.all(),
                                NDArrayIndex.all()), Layout.NHWC);
            }
        }
    }

    private static void exec(INDArray x, INDArray w, int stride, INDArray out, Layout layout) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        op.addInputs(x, w).addOutputs(out);
        op.addIntegerArguments(args(w, stride, 0, layout));
        Nd4j.exec(op.build());
    }

    /** The shape, in {@code layout}, of a VALID convolution of {@code x} with the HWIO kernel {@code w}. */
    static long[] validShape(INDArray x, INDArray w, int stride, Layout layout) {
        return layout.shape(x.size(0), w.size(3), (layout.height(x) - w.size(0)) / stride + 1,
                (layout.width(x) - w.size(1)) / stride + 1);
    }

    /**
     * @return d/d x, d/d w (HWIO) and, with a bias, d/d bias
     */
    static INDArray[] backward(INDArray x, INDArray w, INDArray bias, INDArray gradOut, int stride, int padding) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        op.addInputs(bias == null ? new INDArray[] {x, w, gradOut} : new INDArray[] {x, w, bias, gradOut});
        op.addIntegerArguments(args(w, stride, padding, Layout.NCHW));
        return Nd4j.exec(op.build());
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, padding mode (0 = explicit), data format, weight format (0 = HWIO). */
    private static int[] args(INDArray w, int stride, int padding, Layout layout) {
        int k = (int) w.size(0);
        return new int[] {k, (int) w.size(1), stride, stride, padding, padding, 1, 1, 0, layout.convFormat, 0};
    }
}
