package io.pastiche.image;

import io.pastiche.ImageFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks, before a JPEG is decoded, that its embedded ICC profile is no larger than the bytes the file holds for
 * it. The profile's header states its size, and the JPEG plug-in allocates that size before reading the data:
 * a 500-byte file whose profile claims 1.5 GB would otherwise cost 1.5 GB, or an OutOfMemoryError (found by
 * fuzzing). The profile travels in APP2 segments that begin with {@code ICC_PROFILE\0}, a sequence number and a
 * count; the first one's data begins with the profile's size (4 bytes, big-endian).
 */
final class JpegIccCheck {

    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SOI = 0xFFD8;
    private static final int APP2 = 0xE2;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegIccCheck() {
    }

    /**
     * Reads the segments before the image data and leaves the stream where it was.
     *
     * @throws ImageFormatException if a profile claims more bytes than its segments hold
     */
    static void check(ImageInputStream input, String name) throws IOException {
        input.mark();
        try {
            if (input.readUnsignedShort() != SOI) {
                return;
            }
            long held = 0;
            long claimed = 0;
            boolean first = true;
            while (true) {
                // Bytes between segments are skipped up to the next marker, as decoders do (libjpeg warns of
                // "extraneous bytes"), so a profile after them is checked too.
                int next = input.read();
                while (next >= 0 && next != 0xFF) {
                    next = input.read();
                }
                if (next < 0) {
                    break;
                }
                int marker = input.read();
                while (marker == 0xFF) {
                    marker = input.read(); // fill bytes
                }
                if (marker < 0 || marker == SOS || marker == EOI) {
                    break;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue; // markers without a length
                }
                int length = input.readUnsignedShort();
                long end = input.getStreamPosition() + length - 2;
                if (marker == APP2 && length >= 2 + ICC.length + 2) {
                    byte[] id = new byte[ICC.length];
                    input.readFully(id);
                    if (Arrays.equals(id, ICC)) {
                        int sequence = input.readUnsignedByte();
                        input.readUnsignedByte(); // count
                        int data = length - 2 - ICC.length - 2;
                        held += data;
                        if ((first || sequence == 1) && data >= 4) {
                            // The plug-in may take the size from the first segment in file order or from number 1.
                            claimed = Math.max(claimed, input.readInt() & 0xFFFF_FFFFL);
                        }
                        first = false;
                    }
                }
                if (length < 2) {
                    break;
                }
                input.seek(end);
            }
            if (claimed > held) {
                throw new ImageFormatException(name + " is damaged: its ICC profile says it is " + claimed
                        + " bytes, but the file holds " + held + " bytes of it; re-export the image");
            }
        } catch (EOFException e) {
            // Truncated before the image data: the decoder reports it.
        } finally {
            input.reset();
        }
    }
}
