package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

/**
 * A tiled call's input, read band by band, so that the picture need not be held as floats: an image of 16,000 x
 * 12,000 pixels is 576 MB as bytes and 2.3 GB as floats. Bands are read once each, one at a time, top to bottom,
 * on the calling thread, into the first layer's input map.
 */
public interface BandSource {

    /**
     * How many images.
     *
     * @return at least 1
     */
    int batch();

    /**
     * The channels of every image.
     *
     * @return at least 1
     */
    int channels();

    /**
     * The height of every image.
     *
     * @return at least 1
     */
    int height();

    /**
     * The width of every image.
     *
     * @return at least 1
     */
    int width();

    /**
     * Rows {@code [from, to)} of every image, whole.
     *
     * @param from the first row, inclusive
     * @param to   the last row, exclusive
     * @return a new tensor [batch, channels, to - from, width]
     */
    Tensor rows(int from, int to);

    /**
     * A tensor as a source.
     *
     * @param tensor NCHW
     * @return a source reading the tensor's rows
     */
    static BandSource of(Tensor tensor) {
        return new BandSource() {
            @Override
            public int batch() {
                return tensor.batch();
            }

            @Override
            public int channels() {
                return tensor.channels();
            }

            @Override
            public int height() {
                return tensor.height();
            }

            @Override
            public int width() {
                return tensor.width();
            }

            @Override
            public Tensor rows(int from, int to) {
                int rows = to - from;
                int plane = rows * tensor.width();
                float[] data = new float[tensor.batch() * tensor.channels() * plane];
                for (int n = 0; n < tensor.batch(); n++) {
                    for (int c = 0; c < tensor.channels(); c++) {
                        System.arraycopy(tensor.data(), tensor.index(n, c, from, 0), data,
                                (n * tensor.channels() + c) * plane, plane);
                    }
                }
                return new Tensor(data, tensor.batch(), tensor.channels(), rows, tensor.width());
            }
        };
    }
}
