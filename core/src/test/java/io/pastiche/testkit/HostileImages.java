package io.pastiche.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Image files made to attack a reader, for the tests of every module that reads images. */
public final class HostileImages {

    private HostileImages() {
    }

    /** A PNG whose header says {@code width x height}, followed by one small compressed row and no more. */
    public static byte[] hugePng(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 64 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01});
        return Arrays.copyOf(png.array(), png.position());
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typed = ByteBuffer.allocate(4 + data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data)
                .array();
        CRC32 crc = new CRC32();
        crc.update(typed);
        png.putInt(data.length).put(typed).putInt((int) crc.getValue());
    }
}
