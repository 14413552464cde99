package io.pastiche.image;

import io.pastiche.tensor.Tensor;
import io.pastiche.tiling.BandSource;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.List;

/**
 * Converts between {@link BufferedImage} and the network's NCHW float tensors of RGB in [0, 1].
 *
 * <p>Grey images are read from their raster (getRGB would pass them through a gamma conversion) and repeated
 * into three channels. The output is {@code TYPE_INT_ARGB} when the input has alpha, whose alpha is copied
 * unchanged, and {@code TYPE_INT_RGB} otherwise: a grey photo comes back in the painting's colours.
 */
public final class ImageTensors {

    private ImageTensors() {
    }

    /**
     * The images as one batch; they must all have the same size.
     *
     * @param images one or more images, of any {@link BufferedImage} type; alpha is ignored
     * @return a new tensor [N, 3, H, W] of RGB in [0, 1]
     * @throws IllegalArgumentException  if the images are not all of one size
     * @throws IndexOutOfBoundsException if {@code images} is empty
     */
    public static Tensor toTensor(List<BufferedImage> images) {
        return rows(images, 0, images.get(0).getHeight());
    }

    /**
     * The images as a source of bands for a tiled call: each band converted when it is read, so that a large
     * picture is never held whole as floats.
     *
     * @param images one or more images of one size, of any {@link BufferedImage} type; alpha is ignored
     * @return a source of [N, 3, rows, W] bands of RGB in [0, 1]
     * @throws IllegalArgumentException  if the images are not all of one size
     * @throws IndexOutOfBoundsException if {@code images} is empty
     */
    public static BandSource bands(List<BufferedImage> images) {
        List<BufferedImage> list = List.copyOf(images);
        for (BufferedImage image : list) {
            if (image.getWidth() != list.get(0).getWidth() || image.getHeight() != list.get(0).getHeight()) {
                throw new IllegalArgumentException("images of a batch must have one size: " + list.get(0).getWidth()
                        + "x" + list.get(0).getHeight() + " and " + image.getWidth() + "x" + image.getHeight());
            }
        }
        return new BandSource() {
            @Override
            public int batch() {
                return list.size();
            }

            @Override
            public int channels() {
                return 3;
            }

            @Override
            public int height() {
                return list.get(0).getHeight();
            }

            @Override
            public int width() {
                return list.get(0).getWidth();
            }

            @Override
            public Tensor rows(int from, int to) {
                return ImageTensors.rows(list, from, to);
            }
        };
    }

    private static Tensor rows(List<BufferedImage> images, int from, int to) {
        int width = images.get(0).getWidth();
        int height = images.get(0).getHeight();
        int plane = width * (to - from);
        float[] data = new float[images.size() * 3 * plane];
        for (int n = 0; n < images.size(); n++) {
            BufferedImage image = images.get(n);
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalArgumentException("images of a batch must have one size: " + width + "x" + height
                        + " and " + image.getWidth() + "x" + image.getHeight());
            }
            int base = n * 3 * plane;
            if (isGrey(image)) {
                readGrey(image.getRaster(), from, to, data, base, plane);
            } else {
                readRgb(image, from, to, data, base, plane);
            }
        }
        return new Tensor(data, images.size(), 3, to - from, width);
    }

    private static boolean isGrey(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1;
    }

    private static void readGrey(Raster raster, int from, int to, float[] data, int base, int plane) {
        int width = raster.getWidth();
        float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        int[] row = new int[width];
        for (int y = from; y < to; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                float v = row[x] / max;
                int i = base + (y - from) * width + x;
                data[i] = v;
                data[i + plane] = v;
                data[i + 2 * plane] = v;
            }
        }
    }

    private static void readRgb(BufferedImage image, int from, int to, float[] data, int base, int plane) {
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = from; y < to; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int i = base + (y - from) * width + x;
                data[i] = ((argb >> 16) & 0xff) / 255f;
                data[i + plane] = ((argb >> 8) & 0xff) / 255f;
                data[i + 2 * plane] = (argb & 0xff) / 255f;
            }
        }
    }

    /**
     * Image {@code n} of the network's output, cropped to the top-left {@code like}'s size, with {@code like}'s
     * alpha if it has any.
     *
     * @param output the network's output, [N, 3, H, W] of RGB, at least as large as {@code like}; values outside
     *               [0, 1] are clamped (NaN gives 0)
     * @param n      the image's index in the batch
     * @param like   the input image, whose size and alpha the result takes
     * @return a new {@code TYPE_INT_ARGB} image if {@code like} has alpha, {@code TYPE_INT_RGB} otherwise
     * @throws IllegalArgumentException if {@code output} does not have 3 channels or is smaller than {@code like}
     */
    public static BufferedImage toImage(Tensor output, int n, BufferedImage like) {
        if (output.channels() != 3 || output.width() < like.getWidth() || output.height() < like.getHeight()) {
            throw new IllegalArgumentException(output + " cannot give a " + like.getWidth() + "x" + like.getHeight()
                    + " RGB image");
        }
        BufferedImage image = imageLike(like);
        writeRows(output, n, 0, like, image);
        return image;
    }

    /**
     * A new image for the output of {@code like}: its size, and alpha if it has any.
     *
     * @param like the input image
     * @return a new {@code TYPE_INT_ARGB} image if {@code like} has alpha, {@code TYPE_INT_RGB} otherwise
     */
    public static BufferedImage imageLike(BufferedImage like) {
        return new BufferedImage(like.getWidth(), like.getHeight(),
                like.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    }

    /**
     * Writes a band of the network's output into an image made by {@link #imageLike}: the band's rows that fall
     * inside the image, its columns cropped to the image's width, with {@code like}'s alpha.
     *
     * @param band  [N, 3, rows, W] of RGB, W at least the image's width; values outside [0, 1] are clamped (NaN
     *              gives 0)
     * @param n     the image's index in the band
     * @param from  the band's first row in the output
     * @param like  the input image, whose alpha the result takes
     * @param image the image to write into
     */
    public static void writeRows(Tensor band, int n, int from, BufferedImage like, BufferedImage image) {
        int width = image.getWidth();
        boolean alpha = image.getColorModel().hasAlpha();
        float[] data = band.data();
        int[] row = new int[width];
        int[] alphaRow = alpha ? new int[width] : null;
        for (int r = 0; r < band.height() && from + r < image.getHeight(); r++) {
            int y = from + r;
            if (alpha) {
                like.getRGB(0, y, width, 1, alphaRow, 0, width); // every kind of alpha, palettes too
            }
            for (int x = 0; x < width; x++) {
                int red = toByte(data[band.index(n, 0, r, x)]);
                int green = toByte(data[band.index(n, 1, r, x)]);
                int blue = toByte(data[band.index(n, 2, r, x)]);
                int a = alpha ? alphaRow[x] >>> 24 : 0xff;
                row[x] = (a << 24) | (red << 16) | (green << 8) | blue;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
    }

    private static int toByte(float v) {
        if (!(v > 0)) {
            return 0; // NaN too
        }
        return v >= 1 ? 255 : Math.round(v * 255f);
    }
}
