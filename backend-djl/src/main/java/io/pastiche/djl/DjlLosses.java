package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The training losses of {@code io.pastiche.loss} as differentiable engine operations, each returning a scalar.
 * The definitions, and the reference they are tested against, are core's; each method names its counterpart.
 *
 * <p>No operation here takes a Java number: DJL's {@code mul(Number)} and kin wrap the number in an array that
 * reads a Java buffer in place and close it at once, while autograd saves that operand for the backward pass,
 * which then reads freed memory. Constants are made by {@link #constant} instead, in the manager of the array
 * they apply to, and live as long as it.
 */
final class DjlLosses {

    private DjlLosses() {
    }

    /**
     * {@link io.pastiche.loss.GramMatrix}: {@code F F^T / (H * W)} per image, for F the {@code [C, H*W]} view of
     * its features.
     *
     * @param features NCHW
     * @return {@code [B, C, C]}
     */
    static NDArray gram(NDArray features) {
        long[] s = features.getShape().getShape();
        long plane = s[2] * s[3];
        NDArray f = features.reshape(s[0], s[1], plane);
        return f.batchMatMul(f.transpose(0, 2, 1)).divi(constant(features, plane));
    }

    /** {@link io.pastiche.loss.ContentLoss}: the mean of the squared differences over C, H, W and the batch. */
    static NDArray content(NDArray pastiche, NDArray content) {
        return pastiche.sub(content).square().mean();
    }

    /**
     * {@link io.pastiche.loss.StyleLoss}: the mean over the C*C entries of the squared difference of the Gram
     * matrices, then over the batch; one mean, every image having the same C.
     *
     * @param features NCHW features of the pastiches
     * @param targets  {@code [B, C, C]}, per image the Gram matrix of its style
     */
    static NDArray style(NDArray features, NDArray targets) {
        return gram(features).subi(targets).square().mean();
    }

    /** {@code weight * term}. */
    static NDArray weighted(NDArray term, double weight) {
        return term.mul(constant(term, weight));
    }

    /**
     * A float32 scalar in {@code like}'s manager, left there: autograd may save it for the backward pass, so it
     * must not be closed before the manager is.
     */
    static NDArray constant(NDArray like, double value) {
        return like.getManager().create((float) value);
    }

    /**
     * {@link io.pastiche.loss.TotalVariationLoss}: the mean of the squared vertical neighbour differences plus the
     * mean of the squared horizontal ones, over channels and the batch; a side of 1 contributes 0.
     */
    static NDArray totalVariation(NDArray images) {
        long[] s = images.getShape().getShape();
        long h = s[2];
        long w = s[3];
        NDArray total = images.getManager().zeros(new ai.djl.ndarray.types.Shape());
        if (h > 1) {
            NDArray d = images.get(new NDIndex(":, :, 1:, :")).sub(images.get(new NDIndex(":, :, :{}, :", h - 1)));
            total = total.add(d.square().mean());
        }
        if (w > 1) {
            NDArray d = images.get(new NDIndex(":, :, :, 1:")).sub(images.get(new NDIndex(":, :, :, :{}", w - 1)));
            total = total.add(d.square().mean());
        }
        return total;
    }
}
