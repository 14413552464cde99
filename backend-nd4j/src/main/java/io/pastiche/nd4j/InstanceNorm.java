package io.pastiche.nd4j;

import io.pastiche.network.Activation;
import io.pastiche.norm.InPlaceInstanceNorm;
import io.pastiche.norm.PerPositionAffine;
import java.nio.FloatBuffer;
import java.util.function.Consumer;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Conditional instance normalisation of NCHW maps, each image with its own gamma/beta, and its backward pass,
 * written by hand on the {@code [B*C, H*W]} view of the map, where every row is one plane. Mean and biased
 * variance over a plane; epsilon 1e-5. The variance is computed forward only: ND4J's {@code variance} gradient
 * would be the bias-corrected one (an ND4J 1.0.0-M2.1 bug, docs/backend-nd4j.md), which is why nothing here relies
 * on ND4J to differentiate.
 */
final class InstanceNorm {

    static final double EPSILON = 1e-5;

    /**
     * What the backward pass needs of one normalisation.
     *
     * @param normalised {@code (x - mean) / sqrt(var + eps)}, {@code [B*C, H*W]}
     * @param scale      {@code gamma / sqrt(var + eps)}, {@code [B*C, 1]}
     */
    record Saved(INDArray normalised, INDArray scale) {
    }

    private InstanceNorm() {
    }

    /**
     * Normalises {@code x} in place with the per-plane gamma and beta (one value per row {@code b*C + c}), activates
     * it and returns it: core's {@link InPlaceInstanceNorm}, one Java pass per plane over the array's memory. Built
     * from libnd4j's operations the same took four passes over the whole map ({@code moments}, two in-place
     * broadcasts, the activation). On a GPU build of ND4J those operations stay on the device instead (not tested
     * here: no GPU).
     *
     * @param activation the layer's activation
     * @param layout     the map's axis order; NHWC on the host only
     */
    static INDArray inference(INDArray x, float[] gamma, float[] beta, Activation activation, Layout layout) {
        long[] shape = x.shape();
        if (layout == Layout.NHWC) {
            onHost(x, data -> InPlaceInstanceNorm.applyChannelsLast(data, Math.toIntExact(x.offset()),
                    Math.toIntExact(shape[0]), Math.toIntExact(shape[1] * shape[2]), Math.toIntExact(shape[3]),
                    gamma, beta, activation));
            return x;
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            return Activations.apply(activation, onDevice(x, gamma, beta));
        }
        onHost(x, data -> InPlaceInstanceNorm.apply(data, Math.toIntExact(x.offset()),
                Math.toIntExact(shape[0] * shape[1]), Math.toIntExact(shape[2] * shape[3]), gamma, beta, activation));
        return x;
    }

    /**
     * The same with libnd4j's operations, where the map is not in host memory: {@code moments} gives the mean and
     * biased variance of every plane in one op; gamma, beta and the statistics fold per plane, in double, into one
     * scale and one shift, applied in place with two broadcast ops. Not activated.
     */
    static INDArray onDevice(INDArray x, float[] gamma, float[] beta) {
        INDArray planes = planes(x);
        long rows = planes.size(0);
        INDArray[] moments = Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(planes)
                .addIntegerArguments(1).build());
        float[] mean = moments[0].toFloatVector();
        float[] var = moments[1].toFloatVector();
        float[] scale = new float[mean.length];
        float[] shift = new float[mean.length];
        for (int r = 0; r < scale.length; r++) {
            double s = gamma[r] / Math.sqrt(var[r] + EPSILON);
            scale[r] = (float) s;
            shift[r] = (float) (beta[r] - mean[r] * s);
        }
        planes.muliColumnVector(Nd4j.create(scale, new long[] {rows, 1}, 'c'))
                .addiColumnVector(Nd4j.create(shift, new long[] {rows, 1}, 'c'));
        return x;
    }

    /**
     * Normalises {@code x} in place with gamma and beta per position (a style mask), activates it and returns it:
     * core's {@link InPlaceInstanceNorm} gives each plane's statistics, and its {@link PerPositionAffine} does the
     * rest in one pass over the array's memory (ND4J has no one operation for a scale and shift per position; built
     * from its products and broadcasts, the same took a masked call to 2.2 times a plain one at 1024 x 1024,
     * measured).
     * On a GPU build of ND4J the array is brought to the host for it (not tested here: no GPU).
     *
     * @param affine  the layer's styles and activation
     * @param weights {@code [S, H * W]}, the styles' weights at each position of {@code x}
     * @param layout  the map's axis order
     */
    static INDArray perPosition(INDArray x, PerPositionAffine affine, float[] weights, Layout layout) {
        int images = Math.toIntExact(x.size(0));
        int channels = Math.toIntExact(layout.channels(x));
        int positions = Math.toIntExact(layout.height(x) * layout.width(x));
        int start = Math.toIntExact(x.offset());
        float[] scale = new float[images * channels];
        float[] shift = new float[images * channels];
        onHost(x, data -> {
            if (layout == Layout.NHWC) {
                InPlaceInstanceNorm.normalizersChannelsLast(data, start, images, positions, channels, scale, shift);
                affine.applyChannelsLast(data, start, images, scale, shift, weights, positions);
            } else {
                InPlaceInstanceNorm.normalizers(data, start, images * channels, positions, scale, shift);
                affine.apply(data, start, images * channels, scale, shift, weights, positions);
            }
        });
        return x;
    }

    /** Lends a contiguous array's memory, on the host, to a pass that changes it in place. */
    private static void onHost(INDArray x, Consumer<FloatBuffer> pass) {
        AffinityManager affinity = Nd4j.getAffinityManager();
        affinity.ensureLocation(x, AffinityManager.Location.HOST);
        pass.accept(Arrays4.hostFloats(x));
        affinity.tagLocation(x, AffinityManager.Location.HOST);
    }

    /**
     * Normalises {@code x} (overwritten with the normalised values, which the backward pass keeps) and returns
     * a new array with gamma and beta applied, NCHW.
     */
    static INDArray training(INDArray x, INDArray gamma, INDArray beta, Arena arena, Saved[] saved) {
        INDArray planes = planes(x);
        long rows = planes.size(0);
        INDArray mean = arena.add(planes.mean(1)).reshape(rows, 1);
        planes.subiColumnVector(mean);
        INDArray squares = arena.add(planes.mul(planes));
        INDArray var = arena.add(squares.mean(1)).reshape(rows, 1);
        arena.free(squares);
        INDArray inv = arena.add(Transforms.pow(var.addi(EPSILON), -0.5, false));
        planes.muliColumnVector(inv);
        INDArray out = arena.add(planes.mulColumnVector(gamma)).addiColumnVector(beta);
        saved[0] = new Saved(planes, arena.add(inv.mul(gamma)));
        return out.reshape(x.shape());
    }

    /**
     * @param grad       d/d output, NCHW
     * @param gammaGrad  receives d/d gamma, {@code [B*C]}
     * @param betaGrad   receives d/d beta
     * @return d/d input, NCHW
     */
    static INDArray backward(INDArray grad, Saved saved, Arena arena, INDArray[] gammaGrad, INDArray[] betaGrad) {
        INDArray dy = planes(grad.isView() ? arena.add(grad.dup('c')) : grad);
        INDArray xhat = saved.normalised();
        long rows = dy.size(0);
        double n = dy.size(1);
        INDArray dBeta = arena.add(dy.sum(1)).reshape(rows, 1);
        INDArray product = arena.add(dy.mul(xhat));
        INDArray dGamma = arena.add(product.sum(1)).reshape(rows, 1);
        arena.free(product);
        gammaGrad[0] = dGamma;
        betaGrad[0] = dBeta;
        // dx = gamma / sigma * (dy - mean(dy) - xhat * mean(dy * xhat))
        INDArray dx = arena.add(dy.subColumnVector(arena.add(dBeta.div(n))));
        INDArray correction = arena.add(xhat.mulColumnVector(arena.add(dGamma.div(n))));
        dx.subi(correction).muliColumnVector(saved.scale());
        arena.free(correction);
        return dx.reshape(grad.shape());
    }

    /** The {@code [B*C, H*W]} view of a contiguous NCHW array. */
    private static INDArray planes(INDArray x) {
        long[] s = x.shape();
        return x.reshape('c', s[0] * s[1], s[2] * s[3]);
    }
}
