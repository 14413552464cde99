package io.pastiche.tiling;

import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.plan.ConvForm;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.PlannedLayer;

/**
 * The storage a tiled call's feature maps take at most, in memory or on disk: {@link TiledExecution}'s maps replayed
 * page by page. A layer's output takes pages band by band as it is written, while its input gives back the pages of
 * the rows no later band reads (unless it is a residual block's input, read again at the block's end), so the call
 * holds about the larger of two neighbouring maps rather than their sum: at 8192 x 8192 with the full-width network
 * 8.7 GB, where one map at each of full, half and quarter resolution held whole would be 15.0 GB.
 */
final class MapFootprint {

    /** The size of a page when rows are smaller: some rows per page, few pages per map. */
    static final long PAGE_BYTES = 8L << 20;
    /** The fewest pages a picture's largest map spans, so that even small pictures give back rows as they go. */
    private static final int PAGES_PER_MAP = 32;

    private MapFootprint() {
    }

    /**
     * The bytes of one page of a call's storage: {@value #PAGE_BYTES}, less for a picture whose largest map is
     * smaller than {@value #PAGES_PER_MAP} of those, and at least the largest row of its maps.
     *
     * @param spec   the network
     * @param height the picture's height
     * @param width  the picture's width
     * @return bytes
     */
    static long pageBytes(NetworkSpec spec, int height, int width) {
        return Math.max(largestRowValues(spec, width),
                Math.min(PAGE_BYTES / Float.BYTES, largestMapValues(spec, height, width, false) / PAGES_PER_MAP))
                * Float.BYTES;
    }

    /** The values of the largest row of the picture's maps, its input included, for one image. */
    static long largestRowValues(NetworkSpec spec, int width) {
        long largest = (long) NetworkSpec.IMAGE_CHANNELS * width;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            w = conv.outputSize(w);
            largest = Math.max(largest, (long) conv.outChannels() * w);
        }
        return largest;
    }

    /**
     * The values of the largest of the picture's maps, its input included, for one image.
     *
     * @param paddedInputs whether the convolutions' padded inputs count too, as a whole call makes them (at the
     *                     input's resolution for an upsampling layer computed in phases, upsampled for one
     *                     convolved directly)
     */
    static long largestMapValues(NetworkSpec spec, int height, int width, boolean paddedInputs) {
        long largest = (long) NetworkSpec.IMAGE_CHANNELS * height * width;
        int h = height;
        int w = width;
        for (ConvLayer conv : spec.convolutions()) {
            if (paddedInputs) {
                int up = ConvForm.of(conv) == ConvForm.UPSAMPLE_PHASES ? 1 : conv.upsample();
                largest = Math.max(largest, conv.inChannels() * ((long) h * up + 2L * conv.padding())
                        * ((long) w * up + 2L * conv.padding()));
            }
            h = conv.outputSize(h);
            w = conv.outputSize(w);
            largest = Math.max(largest, (long) conv.outChannels() * h * w);
        }
        return largest;
    }

    /**
     * The most pages' bytes the call's maps hold at once, which is what its storage makes.
     *
     * @param spec     the network
     * @param batch    the number of images
     * @param height   their height
     * @param width    their width
     * @param bandRows the rows of each band of a layer's output
     * @return bytes
     */
    static long bytes(NetworkSpec spec, int batch, int height, int width, int bandRows) {
        long pageBytes = pageBytes(spec, height, width);
        Count count = new Count();
        Replayed x = new Replayed(batch, NetworkSpec.IMAGE_CHANNELS, height, width, pageBytes, count);
        x.write(height);
        Replayed blockInput = null;
        for (PlannedLayer layer : NetworkPlan.of(spec).layers()) {
            ConvLayer conv = layer.layer();
            if (layer.keepInput()) {
                blockInput = x;
            }
            boolean release = x != blockInput;
            int h = conv.outputSize(x.height);
            Replayed y = new Replayed(batch, conv.outChannels(), h, conv.outputSize(x.width), pageBytes, count);
            for (int y0 = 0; y0 < h; y0 += bandRows) {
                int y1 = Math.min(h, y0 + bandRows);
                y.write(y1);
                if (release && y1 < h) {
                    x.release(Span.of(conv, y1, Math.min(h, y1 + bandRows), x.height).from());
                }
            }
            if (release) {
                x.release(x.height);
            }
            if (layer.joins()) {
                // the block's output is written over its input
                y.release(h);
                y = blockInput;
                blockInput = null;
            }
            x = y;
        }
        return count.most * pageBytes;
    }

    /** Pages held, and the most held at once. */
    private static final class Count {
        long held;
        long most;

        void add(long pages) {
            held += pages;
            most = Math.max(most, held);
        }
    }

    /** A map's pages as {@link MemoryStore} and {@link FileStore} take and give them: rows written from the top. */
    private static final class Replayed {
        final int batch;
        final int height;
        final int width;
        final RowPages paging;
        final Count count;
        int taken;
        int given;

        Replayed(int batch, int channels, int height, int width, long pageBytes, Count count) {
            this.batch = batch;
            this.height = height;
            this.width = width;
            this.paging = RowPages.of(batch, height, (long) channels * width * Float.BYTES, pageBytes);
            this.count = count;
        }

        /** Rows up to {@code rows} written: the pages they reach taken. */
        void write(int rows) {
            int pages = (rows + paging.rowsPerPage() - 1) / paging.rowsPerPage();
            if (pages > taken) {
                count.add((long) batch * (pages - taken));
                taken = pages;
            }
        }

        void release(int rowsBelow) {
            int pages = Math.min(paging.pagesBelow(rowsBelow), taken);
            if (pages > given) {
                count.add(-(long) batch * (pages - given));
                given = pages;
            }
        }
    }
}
