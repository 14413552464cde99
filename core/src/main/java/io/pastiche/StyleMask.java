package io.pastiche;

import io.pastiche.tensor.ParallelRuns;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which style goes where in a picture: regions, each painted in a {@link StyleMix}, and per pixel a weight of each
 * region in [0, 1] (soft edges allowed). The network then uses, at each position of each normalisation layer, the
 * gamma and beta mixed with that position's weights (the paper's embedding space, per pixel), while the layer's
 * statistics stay those of the whole feature map. A pixel's weight of style {@code s} is the sum over regions of
 * the region's weight there times the region's weight of {@code s}; the weights are used as given, as a mix is,
 * unless {@link #normalized()}.
 *
 * <p>Build one from a label image ({@link #ofLabels}: one colour per region), from grey masks ({@link #ofGreys}:
 * white where a region applies), or for the whole picture ({@link #uniform}); soften its edges with
 * {@link #feathered}. A mask has the size of the picture it is used with; {@link #resized} makes it so. Weights are
 * kept in steps of 1/255, one byte per region and pixel. Immutable and thread-safe.
 */
public final class StyleMask {

    private final int width;
    private final int height;
    private final List<StyleMix> regions;
    /** Per region, its weight per pixel (row-major), 0..255 for 0..1. */
    private final byte[][] weights;
    private final boolean normalized;
    /** The styles any region uses, ascending. */
    private final int[] styles;
    /** Per region, its weight of each of {@link #styles}. */
    private final double[][] regionStyles;
    /** {@link #byteWeights()}, made at first use (a benign race: any thread makes the same table). */
    private volatile float[][][] byteWeights;

    private StyleMask(int width, int height, List<StyleMix> regions, byte[][] weights, boolean normalized) {
        this.width = width;
        this.height = height;
        this.regions = List.copyOf(regions);
        this.weights = weights;
        this.normalized = normalized;
        TreeSet<Integer> used = new TreeSet<>();
        regions.forEach(mix -> used.addAll(mix.weights().keySet()));
        this.styles = used.stream().mapToInt(Integer::intValue).toArray();
        this.regionStyles = new double[regions.size()][styles.length];
        for (int k = 0; k < regions.size(); k++) {
            for (int s = 0; s < styles.length; s++) {
                regionStyles[k][s] = regions.get(k).weights().getOrDefault(styles[s], 0.0);
            }
        }
    }

    /**
     * One mix over the whole picture: stylizing with it gives exactly the plain call with that mix.
     *
     * @param width  the picture's width
     * @param height the picture's height
     * @param mix    the styles' weights
     * @return the mask
     * @throws IllegalArgumentException if a side is less than 1
     */
    public static StyleMask uniform(int width, int height, StyleMix mix) {
        checkSize(width, height);
        byte[] all = new byte[Math.multiplyExact(width, height)];
        Arrays.fill(all, (byte) 255);
        return new StyleMask(width, height, List.of(mix), new byte[][] {all}, false);
    }

    /**
     * Regions drawn as flat colours: each pixel belongs to the region of its colour (alpha ignored). Draw the
     * label image without anti-aliasing, or every blended colour on an edge needs a region; soften edges with
     * {@link #feathered} instead.
     *
     * @param labels          the label image, of the picture's size (or {@link #resized} to it)
     * @param regionsByColour the mix of each colour, colours as {@code 0xRRGGBB}
     * @return the mask, one region per colour in the map's order
     * @throws IllegalArgumentException if the image has a colour the map lacks, or the map a colour the image
     *                                  lacks (both lists are named), or the map is empty
     */
    public static StyleMask ofLabels(BufferedImage labels, Map<Integer, StyleMix> regionsByColour) {
        if (regionsByColour.isEmpty()) {
            throw new IllegalArgumentException("a label mask needs at least one colour mapped to a style mix");
        }
        int width = labels.getWidth();
        int height = labels.getHeight();
        List<Integer> colours = new ArrayList<>(regionsByColour.keySet());
        Map<Integer, Integer> regionOf = new HashMap<>();
        for (int k = 0; k < colours.size(); k++) {
            regionOf.put(colours.get(k) & 0xFFFFFF, k);
        }
        byte[][] weights = new byte[colours.size()][width * height];
        boolean[] seen = new boolean[colours.size()];
        Map<Integer, Integer> unknown = new LinkedHashMap<>();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            labels.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int colour = row[x] & 0xFFFFFF;
                Integer k = regionOf.get(colour);
                if (k == null) {
                    unknown.merge(colour, 1, Integer::sum);
                } else {
                    weights[k][y * width + x] = (byte) 255;
                    seen[k] = true;
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the label image has " + unknown.size() + " colour"
                    + (unknown.size() == 1 ? "" : "s") + " without a region: " + colours(unknown.keySet(), 8)
                    + "; the regions are " + colours(regionOf.keySet(), 16)
                    + " (map every colour, or draw the labels without anti-aliasing)");
        }
        List<Integer> absent = new ArrayList<>();
        for (int k = 0; k < colours.size(); k++) {
            if (!seen[k]) {
                absent.add(colours.get(k) & 0xFFFFFF);
            }
        }
        if (!absent.isEmpty()) {
            TreeSet<Integer> present = new TreeSet<>(regionOf.keySet());
            absent.forEach(present::remove);
            throw new IllegalArgumentException("no pixel of the label image has the colour" + (absent.size() == 1
                    ? " " : "s ") + colours(absent, 8) + "; its colours are " + colours(present, 16));
        }
        return new StyleMask(width, height, List.copyOf(regionsByColour.values()), weights, false);
    }

    /**
     * Regions drawn as grey masks of one size: white (255) where the region applies fully, black where not,
     * greys between (the pixel's luma, alpha ignored).
     *
     * @param masksByMix each region's mix and its mask
     * @return the mask, one region per entry in the map's order
     * @throws IllegalArgumentException if the map is empty or the masks differ in size
     */
    public static StyleMask ofGreys(Map<StyleMix, BufferedImage> masksByMix) {
        if (masksByMix.isEmpty()) {
            throw new IllegalArgumentException("a grey mask needs at least one region");
        }
        BufferedImage first = masksByMix.values().iterator().next();
        int width = first.getWidth();
        int height = first.getHeight();
        byte[][] weights = new byte[masksByMix.size()][];
        int k = 0;
        int[] row = new int[width];
        for (BufferedImage grey : masksByMix.values()) {
            if (grey.getWidth() != width || grey.getHeight() != height) {
                throw new IllegalArgumentException("the grey masks must have one size, but mask " + k + " is "
                        + grey.getWidth() + "x" + grey.getHeight() + " and mask 0 is " + width + "x" + height);
            }
            byte[] w = new byte[width * height];
            for (int y = 0; y < height; y++) {
                grey.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int rgb = row[x];
                    int luma = (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF) + 500)
                            / 1000;
                    w[y * width + x] = (byte) luma;
                }
            }
            weights[k++] = w;
        }
        return new StyleMask(width, height, List.copyOf(masksByMix.keySet()), weights, false);
    }

    /**
     * The same regions with soft edges: each region's weights blurred over about {@code radius} pixels (two box
     * blurs of that radius, a smooth bell), so styles fade into each other across the borders. A region's weight
     * inside a flat area is unchanged, and so is a one-region mask.
     *
     * @param radius the blur's radius in pixels of the mask; 0 returns this mask
     * @return the feathered mask
     * @throws IllegalArgumentException if the radius is negative
     */
    public StyleMask feathered(int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("a feather radius must be >= 0, was " + radius);
        }
        if (radius == 0) {
            return this;
        }
        byte[][] blurred = new byte[weights.length][];
        for (int k = 0; k < weights.length; k++) {
            // values scaled by (2r+1)^4 after two blurs in each direction, divided once at the end
            long[] v = new long[weights[k].length];
            for (int i = 0; i < v.length; i++) {
                v[i] = weights[k][i] & 0xFF;
            }
            for (int pass = 0; pass < 2; pass++) {
                v = boxRows(v, width, height, radius);
                v = boxColumns(v, width, height, radius);
            }
            long scale = (long) Math.pow(2 * radius + 1, 4);
            byte[] out = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = (byte) ((v[i] + scale / 2) / scale);
            }
            blurred[k] = out;
        }
        return new StyleMask(width, height, regions, blurred, normalized);
    }

    /** Running sums over {@code 2r+1} pixels of each row, the edge pixels repeated. */
    private static long[] boxRows(long[] v, int width, int height, int r) {
        long[] out = new long[v.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            long sum = 0;
            for (int i = -r; i <= r; i++) {
                sum += v[base + clamp(i, width)];
            }
            for (int x = 0; x < width; x++) {
                out[base + x] = sum;
                sum += v[base + clamp(x + r + 1, width)] - v[base + clamp(x - r, width)];
            }
        }
        return out;
    }

    /** Running sums over {@code 2r+1} pixels of each column, the edge pixels repeated. */
    private static long[] boxColumns(long[] v, int width, int height, int r) {
        long[] out = new long[v.length];
        for (int x = 0; x < width; x++) {
            long sum = 0;
            for (int i = -r; i <= r; i++) {
                sum += v[clamp(i, height) * width + x];
            }
            for (int y = 0; y < height; y++) {
                out[y * width + x] = sum;
                sum += v[clamp(y + r + 1, height) * width + x] - v[clamp(y - r, height) * width + x];
            }
        }
        return out;
    }

    private static int clamp(int i, int size) {
        return Math.max(0, Math.min(size - 1, i));
    }

    /**
     * Whether this mask may be {@link #resized} to a picture: its aspect ratio is the picture's within 1 % (a mask
     * drawn on a scaled copy of the picture rounds its sides), so that its regions fall where they were drawn.
     *
     * @param pictureWidth  the picture's width, at least 1
     * @param pictureHeight the picture's height, at least 1
     * @return true if the shapes agree
     */
    public boolean hasShapeOf(int pictureWidth, int pictureHeight) {
        double aspect = (double) width / height;
        return Math.abs(aspect / ((double) pictureWidth / pictureHeight) - 1) <= 0.01;
    }

    /**
     * The same regions at another size, each pixel taking the weights of the nearest pixel of this mask, so a
     * label mask stays hard-edged ({@link #feathered} after resizing softens it at the new scale).
     *
     * @param newWidth  the width, at least 1
     * @param newHeight the height, at least 1
     * @return the resized mask, or this one if the size is the same
     */
    public StyleMask resized(int newWidth, int newHeight) {
        checkSize(newWidth, newHeight);
        if (newWidth == width && newHeight == height) {
            return this;
        }
        byte[][] out = new byte[weights.length][Math.multiplyExact(newWidth, newHeight)];
        for (int y = 0; y < newHeight; y++) {
            int sy = (int) ((y + 0.5) * height / newHeight);
            for (int x = 0; x < newWidth; x++) {
                int sx = (int) ((x + 0.5) * width / newWidth);
                for (int k = 0; k < weights.length; k++) {
                    out[k][y * newWidth + x] = weights[k][sy * width + sx];
                }
            }
        }
        return new StyleMask(newWidth, newHeight, regions, out, normalized);
    }

    /**
     * The same mask with each pixel's style weights scaled to sum to 1 (pixels whose weights are all 0 stay 0),
     * as {@link StyleMix#normalized()} does for one mix.
     *
     * @return the normalised mask
     */
    public StyleMask normalized() {
        return normalized ? this : new StyleMask(width, height, regions, weights, true);
    }

    /**
     * The width the mask is for.
     *
     * @return pixels
     */
    public int width() {
        return width;
    }

    /**
     * The height the mask is for.
     *
     * @return pixels
     */
    public int height() {
        return height;
    }

    /**
     * The regions' mixes, in the order the mask was built with.
     *
     * @return unmodifiable
     */
    public List<StyleMix> regions() {
        return regions;
    }

    /**
     * The styles any region uses, ascending: the order of {@link #styleWeights}.
     *
     * @return style indices; a copy
     */
    public int[] styles() {
        return styles.clone();
    }

    /**
     * The one mix every pixel has, if the mask is the same everywhere (a one-region mask, or regions blended
     * alike everywhere): the mask then gives exactly the plain call with that mix.
     *
     * @return the mix, or empty if the weights vary over the picture
     */
    public Optional<StyleMix> uniformMix() {
        int pixels = width * height;
        for (byte[] w : weights) {
            for (int i = 1; i < pixels; i++) {
                if (w[i] != w[0]) {
                    return Optional.empty();
                }
            }
        }
        if (regions.size() == 1 && weights[0][0] == (byte) 255) {
            // the region's own mix, as the plain call takes it (a mix summing to 0 stays as it is, as its pixels do)
            StyleMix only = regions.get(0);
            double sum = only.weights().values().stream().mapToDouble(Double::doubleValue).sum();
            return Optional.of(normalized && sum != 0 ? only.normalized() : only);
        }
        float[] at = new float[styles.length];
        pixelWeights(0, at, 0, 1);
        Map<Integer, Double> mix = new LinkedHashMap<>();
        for (int s = 0; s < styles.length; s++) {
            mix.put(styles[s], (double) at[s]);
        }
        return Optional.of(StyleMix.of(mix));
    }

    /**
     * The per-style weights averaged over blocks of {@code factor x factor} pixels: the weights at the resolution
     * of a layer whose pixels each cover such a block of the picture (the network's layers after {@code k}
     * stride-2 convolutions cover {@code 2^k}). Output pixel {@code (i, j)} averages the picture's pixels
     * {@code [i * factor, (i + 1) * factor) x [j * factor, (j + 1) * factor)} that lie inside it; one past the
     * picture's edge (a layer may be a pixel larger) takes the nearest edge pixel.
     *
     * @param factor   picture pixels per layer pixel along each side, at least 1
     * @param fromRow  the first row of the layer wanted
     * @param toRow    one past the last
     * @param columns  the layer's width
     * @return {@code [S, toRow - fromRow, columns]} row-major, {@code S} the number of {@link #styles()}
     */
    public float[] styleWeights(int factor, int fromRow, int toRow, int columns) {
        if (factor < 1 || fromRow < 0 || toRow < fromRow || columns < 1) {
            throw new IllegalArgumentException("style weights need a factor >= 1 and a row range, got factor "
                    + factor + ", rows [" + fromRow + ", " + toRow + "), " + columns + " columns");
        }
        int rows = toRow - fromRow;
        int plane = rows * columns;
        float[] out = new float[styles.length * plane];
        // each row of the layer comes from rows of the picture of its own
        ParallelRuns.forEach(rows, (first, end) -> {
            for (int r = first; r < end; r++) {
                layerRow(factor, fromRow + r, columns, out, r * columns, plane);
            }
        });
        return out;
    }

    /**
     * One row of {@link #styleWeights}: style {@code s}'s weight of column {@code j} goes to
     * {@code out[s * plane + at + j]}.
     */
    private void layerRow(int factor, int row, int columns, float[] out, int at, int plane) {
        float[] pixel = new float[styles.length * width];
        if (factor == 1 && columns <= width) {
            // the layer is the picture (and perhaps a row past its edge): no averaging
            pixelWeights(Math.min(row, height - 1) * width, pixel, 0, width);
            for (int s = 0; s < styles.length; s++) {
                System.arraycopy(pixel, s * width, out, s * plane + at, columns);
            }
            return;
        }
        int y0 = Math.min(row * factor, height - 1);
        int y1 = Math.max(y0 + 1, Math.min((row + 1) * factor, height));
        // the block's rows summed per picture column first, then the columns of each block
        double[] sums = new double[styles.length * width];
        for (int y = y0; y < y1; y++) {
            pixelWeights(y * width, pixel, 0, width);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += pixel[i];
            }
        }
        for (int j = 0; j < columns; j++) {
            int x0 = Math.min(j * factor, width - 1);
            int x1 = Math.max(x0 + 1, Math.min((j + 1) * factor, width));
            int count = (x1 - x0) * (y1 - y0);
            for (int s = 0; s < styles.length; s++) {
                double sum = 0;
                for (int x = x0; x < x1; x++) {
                    sum += sums[s * width + x];
                }
                out[s * plane + at + j] = (float) (sum / count);
            }
        }
    }

    /** The style weights of {@code count} pixels from {@code first}, into {@code into[s * stride + offset + i]}. */
    private void pixelWeights(int first, float[] into, int offset, int count) {
        int stride = into.length / styles.length;
        float[][][] table = byteWeights();
        for (int s = 0; s < styles.length; s++) {
            int at = s * stride + offset;
            Arrays.fill(into, at, at + count, 0f);
            for (int k = 0; k < weights.length; k++) {
                float[] value = table[k][s];
                byte[] w = weights[k];
                for (int i = 0; i < count; i++) {
                    into[at + i] += value[w[first + i] & 0xFF];
                }
            }
        }
        if (normalized) {
            for (int i = 0; i < count; i++) {
                double total = 0;
                for (int s = 0; s < styles.length; s++) {
                    total += into[s * stride + offset + i];
                }
                if (total != 0) {
                    for (int s = 0; s < styles.length; s++) {
                        into[s * stride + offset + i] = (float) (into[s * stride + offset + i] / total);
                    }
                }
            }
        }
    }

    /** Per region and style, the style's weight for each byte value of the region's weight: a lookup table. */
    private float[][][] byteWeights() {
        float[][][] table = byteWeights;
        if (table == null) {
            table = new float[weights.length][styles.length][256];
            for (int k = 0; k < weights.length; k++) {
                for (int s = 0; s < styles.length; s++) {
                    for (int v = 0; v < 256; v++) {
                        table[k][s][v] = (float) (v / 255.0 * regionStyles[k][s]);
                    }
                }
            }
            byteWeights = table;
        }
        return table;
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a mask needs a size of at least 1x1, got " + width + "x" + height);
        }
    }

    private static String colours(Iterable<Integer> colours, int limit) {
        StringBuilder text = new StringBuilder();
        int n = 0;
        for (int colour : colours) {
            if (n == limit) {
                text.append(", ...");
                break;
            }
            text.append(n++ == 0 ? "" : ", ").append(String.format("#%06x", colour));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "StyleMask[" + width + "x" + height + ", regions " + regions + (normalized ? ", normalized" : "")
                + "]";
    }
}
