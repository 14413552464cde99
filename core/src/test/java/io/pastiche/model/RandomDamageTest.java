package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pastiche.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of a valid file: whatever the damage, reading either succeeds or throws a
 * ModelFormatException, never another exception or error.
 */
class RandomDamageTest {

    @TempDir
    Path dir;

    @Test
    void damagedFilesOnlyEverGiveModelFormatException() throws IOException {
        Path good = dir.resolve("good.safetensors");
        ModelFile.write(Fixtures.tinyModel(), good, DType.F16);
        byte[] original = Files.readAllBytes(good);
        int headerEnd = 8 + (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Random random = new Random(42);
        int refused = 0;
        for (int round = 0; round < 1200; round++) {
            byte[] bytes = damage(original, headerEnd, random);
            // A new file each round: truncating a file that earlier rounds still have mapped is slow.
            Path bad = dir.resolve("bad" + round + ".safetensors");
            Files.write(bad, bytes);
            try {
                ModelFile.read(bad);
            } catch (ModelFormatException e) {
                assertThat(e.getMessage()).startsWith(bad.toString());
                refused++;
            } catch (Throwable e) {
                fail("round " + round + ": " + e, e);
            }
            Files.delete(bad);
        }
        assertThat(refused).isGreaterThan(400);
    }

    @Test
    void damagedBytesInMemoryOnlyEverGiveModelFormatException() throws IOException {
        Path good = dir.resolve("good.safetensors");
        ModelFile.write(Fixtures.tinyModel(), good, DType.F16);
        byte[] original = Files.readAllBytes(good);
        int headerEnd = 8 + (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Random random = new Random(43);
        int refused = 0;
        for (int round = 0; round < 1200; round++) {
            try {
                ModelFile.read(damage(original, headerEnd, random), "resource");
            } catch (ModelFormatException e) {
                assertThat(e.getMessage()).startsWith("resource");
                refused++;
            } catch (Throwable e) {
                fail("round " + round + ": " + e, e);
            }
        }
        assertThat(refused).isGreaterThan(400);
    }

    private static byte[] damage(byte[] original, int headerEnd, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // truncate anywhere
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 1 -> { // flip a few bytes of the header
                for (int i = random.nextInt(3); i >= 0; i--) {
                    bytes[8 + random.nextInt(headerEnd - 8)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 2 -> { // replace a header digit by another digit (offsets, shapes, counts)
                for (int tries = 0; tries < 100; tries++) {
                    int at = 8 + random.nextInt(headerEnd - 8);
                    if (Character.isDigit(bytes[at])) {
                        bytes[at] = (byte) ('0' + random.nextInt(10));
                        break;
                    }
                }
            }
            case 3 -> { // a random header length
                long length = random.nextBoolean() ? random.nextLong() : random.nextInt(headerEnd + 64);
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
            }
            default -> { // garbage in the data: must still read, values are just different
                bytes[headerEnd + random.nextInt(bytes.length - headerEnd)] ^= (byte) 0xff;
            }
        }
        return bytes;
    }
}
