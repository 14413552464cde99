package io.pastiche.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training losses of {@code io.pastiche.loss} with their gradients, written by hand. Each method returns the
 * term's value and adds {@code weight * d term / d input} into a gradient array; the definitions, and the
 * reference they are tested against, are core's.
 */
final class Nd4jLosses {

    private Nd4jLosses() {
    }

    /**
     * {@link io.pastiche.loss.GramMatrix}: {@code F F^T / (H*W)} per image, for F the {@code [C, H*W]} view.
     *
     * @return {@code [B, C, C]}
     */
    static INDArray gram(INDArray features, Arena arena) {
        long[] s = features.shape();
        long plane = s[2] * s[3];
        INDArray f = contiguous(features, arena).reshape('c', s[0], s[1], plane);
        INDArray grams = arena.add(org.nd4j.linalg.factory.Nd4j.create(features.dataType(), s[0], s[1], s[1]));
        for (long b = 0; b < s[0]; b++) {
            INDArray image = f.get(point(b), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray g = arena.add(image.mmul(image.transpose()));
            grams.get(point(b), NDArrayIndex.all(), NDArrayIndex.all()).assign(g.divi(plane));
            arena.free(g);
        }
        return grams;
    }

    /** {@link io.pastiche.loss.ContentLoss}: the mean of the squared differences; adds its gradient to {@code grad}. */
    static double content(INDArray pastiche, INDArray content, double weight, INDArray grad, Arena arena) {
        INDArray diff = arena.add(pastiche.sub(content));
        double value = squaredMean(diff, arena);
        grad.addi(diff.muli(2.0 * weight / diff.length()));
        arena.free(diff);
        return value;
    }

    /**
     * {@link io.pastiche.loss.StyleLoss}: the mean over the batch and the C*C entries of the squared difference of
     * the Gram matrices; adds {@code weight *} its gradient to {@code grad} ({@code [B, C, H, W]}).
     *
     * @param targets {@code [B, C, C]}
     */
    static double style(INDArray features, INDArray targets, double weight, INDArray grad, Arena arena) {
        long[] s = features.shape();
        long plane = s[2] * s[3];
        INDArray diff = gram(features, arena).subi(targets);
        double value = squaredMean(diff, arena);
        // d/dF of mean((G - T)^2) with G = F F^T / P: 2 (G - T) / n * 2 F / P (G - T is symmetric)
        double factor = weight * 4.0 / diff.length() / plane;
        INDArray f = contiguous(features, arena).reshape('c', s[0], s[1], plane);
        INDArray g = grad.reshape('c', s[0], s[1], plane);
        for (long b = 0; b < s[0]; b++) {
            INDArray image = f.get(point(b), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray d = diff.get(point(b), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray term = arena.add(d.mmul(image));
            g.get(point(b), NDArrayIndex.all(), NDArrayIndex.all()).addi(term.muli(factor));
            arena.free(term);
        }
        return value;
    }

    /**
     * {@link io.pastiche.loss.TotalVariationLoss}: the mean of the squared vertical neighbour differences plus the
     * mean of the squared horizontal ones; a side of 1 contributes 0. Adds {@code weight *} its gradient.
     */
    static double totalVariation(INDArray images, double weight, INDArray grad, Arena arena) {
        double total = 0;
        for (int axis = 2; axis <= 3; axis++) {
            long n = images.size(axis);
            if (n < 2) {
                continue;
            }
            INDArray d = arena.add(images.get(range(axis, 1, n)).sub(images.get(range(axis, 0, n - 1))));
            total += squaredMean(d, arena);
            d.muli(2.0 * weight / d.length());
            grad.get(range(axis, 1, n)).addi(d);
            grad.get(range(axis, 0, n - 1)).subi(d);
            arena.free(d);
        }
        return total;
    }

    private static double squaredMean(INDArray x, Arena arena) {
        INDArray squares = arena.add(x.mul(x));
        double value = squares.sumNumber().doubleValue() / x.length();
        arena.free(squares);
        return value;
    }

    private static INDArray contiguous(INDArray x, Arena arena) {
        return x.isView() ? arena.add(x.dup('c')) : x;
    }

    /** Image {@code b}, its axis dropped. */
    private static INDArrayIndex point(long b) {
        return NDArrayIndex.point(b);
    }

    private static INDArrayIndex[] range(int axis, long from, long to) {
        INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        index[axis] = NDArrayIndex.interval(from, to);
        return index;
    }
}
