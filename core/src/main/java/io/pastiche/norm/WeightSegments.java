package io.pastiche.norm;

/**
 * A chunk of a mask's positions cut into segments: runs in which one style alone has weight (1, every other 0: a
 * region's inside) and runs of mixed weights between them (soft borders). A style alone needs one scale and shift
 * per channel instead of a weighted sum of every style's, and inside a mask's regions, most of the picture, that
 * sum is most of the masked normalisation's work. Not thread-safe: one per task.
 */
final class WeightSegments {

    private final int[] starts;
    private final int[] ends;
    private final int[] alone;
    private int count;

    /**
     * @param capacity the most positions a chunk has
     */
    WeightSegments(int capacity) {
        starts = new int[capacity];
        ends = new int[capacity];
        alone = new int[capacity];
    }

    /**
     * Cuts positions {@code [from, from + n)} into segments.
     *
     * @param weights   the styles' weights {@code [S, positions]}
     * @param styles    S
     * @param positions positions per style in {@code weights}
     * @param from      the chunk's first position
     * @param n         its positions, at most the capacity
     */
    void cut(float[] weights, int styles, int positions, int from, int n) {
        count = 0;
        for (int p = 0; p < n; p++) {
            int style = aloneStyle(weights, styles, positions, from + p);
            if (count > 0 && alone[count - 1] == style) {
                ends[count - 1] = p + 1;
            } else {
                starts[count] = p;
                ends[count] = p + 1;
                alone[count] = style;
                count++;
            }
        }
    }

    /** The number of segments. */
    int count() {
        return count;
    }

    /** Segment {@code i}'s first position, relative to the chunk's. */
    int start(int i) {
        return starts[i];
    }

    /** One past segment {@code i}'s last position, relative to the chunk's. */
    int end(int i) {
        return ends[i];
    }

    /** The style that has all the weight in segment {@code i}, or -1 if its positions mix styles. */
    int alone(int i) {
        return alone[i];
    }

    /**
     * The style whose weight at a position is 1 while every other's is 0, or -1. The weighted sums then give that
     * style's own scale and shift exactly ({@code 1 * x + 0 * y == x} in floating point), so taking them directly
     * changes no result.
     */
    private static int aloneStyle(float[] weights, int styles, int positions, int p) {
        int style = -1;
        for (int s = 0; s < styles; s++) {
            float w = weights[s * positions + p];
            if (w == 1f && style < 0) {
                style = s;
            } else if (w != 0f) {
                return -1;
            }
        }
        return style;
    }
}
