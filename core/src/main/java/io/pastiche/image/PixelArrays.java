package io.pastiche.image;

import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.lang.reflect.Array;

/**
 * Moves pixels inside the primitive arrays of data elements that {@link java.awt.image.Raster#getDataElements}
 * gives: {@code elements} entries per pixel, in a {@code byte[]}, {@code short[]}, {@code int[]}, {@code
 * float[]} or {@code double[]} according to the raster. The common cases have loops of their own; the rest go
 * through {@link System#arraycopy}.
 */
final class PixelArrays {

    private PixelArrays() {
    }

    /**
     * The raster's one data array if its pixels lie in it packed, row after row with no gap, each pixel's data
     * elements together ({@code TYPE_INT_RGB}, {@code TYPE_3BYTE_BGR}, {@code TYPE_BYTE_GRAY} and the like); null
     * otherwise.
     */
    static Object packed(Raster raster) {
        DataBuffer buffer = raster.getDataBuffer();
        if (raster.getParent() != null || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || buffer.getNumBanks() != 1 || buffer.getOffset() != 0) {
            return null;
        }
        int width = raster.getWidth();
        int elements = raster.getNumDataElements();
        SampleModel model = raster.getSampleModel();
        boolean rows;
        if (model instanceof PixelInterleavedSampleModel interleaved) {
            rows = interleaved.getPixelStride() == elements && interleaved.getScanlineStride() == width * elements;
        } else if (model instanceof SinglePixelPackedSampleModel single) {
            rows = elements == 1 && single.getScanlineStride() == width;
        } else {
            rows = false;
        }
        if (!rows) {
            return null;
        }
        if (buffer instanceof DataBufferByte bytes) {
            return bytes.getData();
        }
        return buffer instanceof DataBufferInt ints ? ints.getData() : null;
    }

    /**
     * Copies {@code count} consecutive pixels starting at pixel {@code at} of {@code from} to pixels {@code into},
     * {@code into + step}, {@code into + 2 step}, ... of {@code to}; both arrays are packed ({@link #packed}).
     */
    static void copyRun(Object from, int at, Object to, int into, int step, int count, int elements) {
        if (from instanceof int[] source) {
            int[] target = (int[]) to; // packed int rasters have one element per pixel
            for (int i = 0; i < count; i++) {
                target[into + i * step] = source[at + i];
            }
            return;
        }
        byte[] source = (byte[]) from;
        byte[] target = (byte[]) to;
        switch (elements) {
            case 1 -> {
                for (int i = 0; i < count; i++) {
                    target[into + i * step] = source[at + i];
                }
            }
            case 3 -> {
                for (int i = 0; i < count; i++) {
                    int s = 3 * (at + i);
                    int t = 3 * (into + i * step);
                    target[t] = source[s];
                    target[t + 1] = source[s + 1];
                    target[t + 2] = source[s + 2];
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(source, elements * (at + i), target, elements * (into + i * step), elements);
                }
            }
        }
    }

    /** {@code array} if it has {@code length} entries, else a new array of its type and that length. */
    static Object sized(Object array, int length) {
        if (array != null && Array.getLength(array) == length) {
            return array;
        }
        return array == null ? null : Array.newInstance(array.getClass().getComponentType(), length);
    }

    /** Reverses the order of the first {@code pixels} pixels. */
    static void reverse(Object array, int pixels, int elements) {
        if (array instanceof int[] ints && elements == 1) {
            for (int i = 0, j = pixels - 1; i < j; i++, j--) {
                int t = ints[i];
                ints[i] = ints[j];
                ints[j] = t;
            }
        } else if (array instanceof byte[] bytes) {
            for (int i = 0, j = pixels - 1; i < j; i++, j--) {
                for (int e = 0; e < elements; e++) {
                    byte t = bytes[i * elements + e];
                    bytes[i * elements + e] = bytes[j * elements + e];
                    bytes[j * elements + e] = t;
                }
            }
        } else {
            Object t = Array.newInstance(array.getClass().getComponentType(), elements);
            for (int i = 0, j = pixels - 1; i < j; i++, j--) {
                System.arraycopy(array, i * elements, t, 0, elements);
                System.arraycopy(array, j * elements, array, i * elements, elements);
                System.arraycopy(t, 0, array, j * elements, elements);
            }
        }
    }

    /**
     * Copies column {@code x} of a band of {@code rows} rows, each {@code width} pixels, into {@code run}, top to
     * bottom, or bottom to top if {@code reversed}.
     */
    static void gatherColumn(Object band, int width, int x, int rows, int elements, boolean reversed, Object run) {
        if (band instanceof int[] ints && elements == 1) {
            int[] out = (int[]) run;
            for (int r = 0; r < rows; r++) {
                out[reversed ? rows - 1 - r : r] = ints[r * width + x];
            }
        } else if (band instanceof byte[] bytes) {
            byte[] out = (byte[]) run;
            for (int r = 0; r < rows; r++) {
                int from = (r * width + x) * elements;
                int to = (reversed ? rows - 1 - r : r) * elements;
                for (int e = 0; e < elements; e++) {
                    out[to + e] = bytes[from + e];
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(band, (r * width + x) * elements, run, (reversed ? rows - 1 - r : r) * elements,
                        elements);
            }
        }
    }
}
