package io.pastiche.tiling;

import io.pastiche.tensor.Tensor;

/** Copies between a band of whole rows and the tiles cut from it. */
final class Bands {

    private Bands() {
    }

    /** Columns {@code [from, to)} of every row of every plane; the tensor itself when that is all of it. */
    static Tensor columns(Tensor band, int from, int to) {
        if (from == 0 && to == band.width()) {
            return band;
        }
        int w = to - from;
        int planes = band.batch() * band.channels();
        float[] data = new float[planes * band.height() * w];
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < band.height(); r++) {
                System.arraycopy(band.data(), (p * band.height() + r) * band.width() + from, data,
                        (p * band.height() + r) * w, w);
            }
        }
        return new Tensor(data, band.batch(), band.channels(), band.height(), w);
    }

    /** Copies the tile's outputs past the skips into the band's rows, at column {@code x0}, {@code cols} wide. */
    static void place(Tensor tile, int rowSkip, int colSkip, Tensor band, int x0, int cols) {
        for (int n = 0; n < band.batch(); n++) {
            for (int c = 0; c < band.channels(); c++) {
                for (int r = 0; r < band.height(); r++) {
                    System.arraycopy(tile.data(), tile.index(n, c, rowSkip + r, colSkip), band.data(),
                            band.index(n, c, r, x0), cols);
                }
            }
        }
    }
}
