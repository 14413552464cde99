package io.pastiche.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Image files built byte by byte, as cameras and attackers write them, for the tests of every module that reads images. */
public final class ImageBytes {

    private ImageBytes() {
    }

    /** The JPEG with an APP1 EXIF segment holding only the orientation tag, as a camera writes it. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        // Big-endian TIFF header, one IFD0 entry 0x0112 (Orientation), SHORT, count 1.
        ByteBuffer exif = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 12 + 4);
        exif.putShort((short) 0xFFE1).putShort((short) (exif.capacity() - 2));
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        exif.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        exif.putShort((short) 1);
        exif.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        exif.putInt(0);
        byte[] out = new byte[jpeg.length + exif.capacity()];
        System.arraycopy(jpeg, 0, out, 0, 2); // SOI
        System.arraycopy(exif.array(), 0, out, 2, exif.capacity());
        System.arraycopy(jpeg, 2, out, 2 + exif.capacity(), jpeg.length - 2);
        return out;
    }

    /** A PNG of only its signature and a header that says {@code width x height} (8-bit RGB): no pixels at all. */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25);
        start(png, width, height);
        return png.array();
    }

    /** A PNG whose header says {@code width x height}, followed by one small compressed row and no more. */
    public static byte[] hugePng(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 64 + 12);
        start(png, width, height);
        chunk(png, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01});
        return Arrays.copyOf(png.array(), png.position());
    }

    /** The signature and the IHDR chunk of an 8-bit RGB picture. */
    private static void start(ByteBuffer png, int width, int height) {
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typed = ByteBuffer.allocate(4 + data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data)
                .array();
        CRC32 crc = new CRC32();
        crc.update(typed);
        png.putInt(data.length).put(typed).putInt((int) crc.getValue());
    }
}
