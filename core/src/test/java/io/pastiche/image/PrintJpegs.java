package io.pastiche.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEGs as print workflows and colour-managed tools write them, made here rather than committed: four-channel
 * CMYK and YCCK with the Adobe APP14 marker (Photoshop's convention: inverted values, 255 is no ink), and RGB
 * with an embedded ICC profile. Each is 16x16, its left half one colour and its right half another.
 */
final class PrintJpegs {

    private PrintJpegs() {
    }

    /** An Adobe CMYK JPEG; colours are ink amounts 0-255 (c, m, y, k), 255 meaning full ink. */
    static byte[] cmyk(int[] left, int[] right) throws IOException {
        return withSegment(fourChannels(inverted(left), inverted(right)), 2, adobe(0));
    }

    /** An Adobe YCCK JPEG (transform 2): the inverted C, M and Y stored as YCbCr of (255 - C, 255 - M, 255 - Y). */
    static byte[] ycck(int[] left, int[] right) throws IOException {
        return withSegment(fourChannels(toYcck(inverted(left)), toYcck(inverted(right))), 2, adobe(2));
    }

    /** An RGB JPEG tagged with the ICC profile of Java's linear RGB space: its values are linear light. */
    static byte[] linearRgb(int leftRgb, int rightRgb) throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, x < 8 ? leftRgb : rightRgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        byte[] plain = out.toByteArray();
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteBuffer segment = ByteBuffer.allocate(2 + 2 + 12 + 2 + icc.length);
        segment.putShort((short) 0xFFE2).putShort((short) (segment.capacity() - 2))
                .put("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1).put(icc);
        int app0 = 4 + (((plain[4] & 0xff) << 8) | (plain[5] & 0xff)); // after SOI and the JFIF APP0
        return withSegment(plain, app0, segment.array());
    }

    private static int[] inverted(int[] ink) {
        return new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
    }

    private static int[] toYcck(int[] stored) {
        double r = 255 - stored[0];
        double g = 255 - stored[1];
        double b = 255 - stored[2];
        return new int[] {
            clamp(0.299 * r + 0.587 * g + 0.114 * b),
            clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
            clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
            stored[3]};
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** The JDK's JPEG writer stores a four-band raster as it is, with no colour transform and no APP marker. */
    private static byte[] fourChannels(int[] left, int[] right) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, x < 8 ? left : right);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Adobe's APP14 segment: "Adobe", version 100, two flag words, then the colour transform. */
    private static byte[] adobe(int transform) {
        return ByteBuffer.allocate(16).putShort((short) 0xFFEE).putShort((short) 14)
                .put("Adobe".getBytes(StandardCharsets.US_ASCII)).putShort((short) 100).putShort((short) 0)
                .putShort((short) 0).put((byte) transform).array();
    }

    private static byte[] withSegment(byte[] jpeg, int at, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        System.arraycopy(segment, 0, out, at, segment.length);
        System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
        return out;
    }
}
