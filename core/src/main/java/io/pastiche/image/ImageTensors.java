package io.pastiche.image;

import io.pastiche.tensor.Tensor;
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
        int width = images.get(0).getWidth();
        int height = images.get(0).getHeight();
        int plane = width * height;
        float[] data = new float[images.size() * 3 * plane];
        for (int n = 0; n < images.size(); n++) {
            BufferedImage image = images.get(n);
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalArgumentException("images of a batch must have one size: " + width + "x" + height
                        + " and " + image.getWidth() + "x" + image.getHeight());
            }
            int base = n * 3 * plane;
            if (isGrey(image)) {
                readGrey(image.getRaster(), data, base, plane);
            } else {
                readRgb(image, data, base, plane);
            }
        }
        return new Tensor(data, images.size(), 3, height, width);
    }

    private static boolean isGrey(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1;
    }

    private static void readGrey(Raster raster, float[] data, int base, int plane) {
        int width = raster.getWidth();
        float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        int[] row = new int[width];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                float v = row[x] / max;
                int i = base + y * width + x;
                data[i] = v;
                data[i + plane] = v;
                data[i + 2 * plane] = v;
            }
        }
    }

    private static void readRgb(BufferedImage image, float[] data, int base, int plane) {
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int i = base + y * width + x;
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
        int width = like.getWidth();
        int height = like.getHeight();
        if (output.channels() != 3 || output.width() < width || output.height() < height) {
            throw new IllegalArgumentException(output + " cannot give a " + width + "x" + height + " RGB image");
        }
        boolean alpha = like.getColorModel().hasAlpha();
        BufferedImage image = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        float[] data = output.data();
        int[] row = new int[width];
        int[] alphaRow = alpha ? new int[width] : null;
        for (int y = 0; y < height; y++) {
            if (alpha) {
                like.getRGB(0, y, width, 1, alphaRow, 0, width); // every kind of alpha, palettes too
            }
            for (int x = 0; x < width; x++) {
                int r = toByte(data[output.index(n, 0, y, x)]);
                int g = toByte(data[output.index(n, 1, y, x)]);
                int b = toByte(data[output.index(n, 2, y, x)]);
                int a = alpha ? alphaRow[x] >>> 24 : 0xff;
                row[x] = (a << 24) | (r << 16) | (g << 8) | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int toByte(float v) {
        if (!(v > 0)) {
            return 0; // NaN too
        }
        return v >= 1 ? 255 : Math.round(v * 255f);
    }
}
