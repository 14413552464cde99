package io.pastiche.djl;

/**
 * When CPU inference convolves a map a strip of rows at a time ({@link StripConvolution}), and how many rows a
 * strip has.
 *
 * <p>glibc maps an allocation over 32 MiB afresh from the kernel, and PyTorch's convolution makes its output and
 * any intermediate array whole: a layer whose arrays pass that size took fresh, zeroed pages every call. In strips
 * of at most {@link #stripValues} values each array stays small enough for glibc to reuse, and the maps they are
 * written into come from the call's {@link MapPool}.
 *
 * @param largeValues a layer whose largest array (its output, or the intermediate of a split or phased form) has
 *                    more values than this is convolved in strips
 * @param stripValues at most this many values in a strip's largest array (at least one row)
 */
record ConvStrips(long largeValues, long stripValues) {

    /**
     * Strips of at most 16 MiB, for layers whose arrays are larger: half glibc's limit. At 2048 x 2048, strips of
     * 2-6 M values all took 6.3-6.6 s a call, 1 M values 7.2 s (more, smaller convolutions), 16 M 7.3 s (over
     * glibc's limit); docs/backend-djl.md, "Kept maps and strips".
     */
    static final ConvStrips DEFAULT = new ConvStrips(1L << 22, 1L << 22);

    ConvStrips {
        if (largeValues < 1 || stripValues < 1) {
            throw new IllegalArgumentException("strip sizes must be positive, got " + largeValues + " and "
                    + stripValues);
        }
    }

    /** Whether a layer whose largest array has {@code values} values is convolved in strips. */
    boolean needed(long values) {
        return values > largeValues;
    }

    /**
     * Rows per strip.
     *
     * @param rowValues the values of one row of the strip's largest array
     * @param rows      the rows to cover
     * @return between 1 and {@code rows}
     */
    int rows(long rowValues, int rows) {
        return (int) Math.max(1, Math.min(rows, stripValues / rowValues));
    }
}
