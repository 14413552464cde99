package io.pastiche.model;

import static io.pastiche.model.Fixtures.assertRejected;
import static io.pastiche.model.Fixtures.container;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not valid safetensors containers: each is refused with a message naming the problem. */
class SafetensorsRejectsTest {

    private static final String META = "\"__metadata__\": {\"format\": \"pastiche\"}";

    @TempDir
    Path dir;

    private Path file(byte[] bytes) throws IOException {
        return Fixtures.write(dir.resolve("bad.safetensors"), bytes);
    }

    /** A container whose header is {@code {META, entries}} and whose data is {@code dataBytes} zero bytes. */
    private Path header(String entries, int dataBytes) throws IOException {
        return file(container("{" + META + (entries.isEmpty() ? "" : ", " + entries) + "}", new byte[dataBytes]));
    }

    @Test
    void emptyAndTruncatedFiles() throws IOException {
        assertRejected(file(new byte[0]), "0 bytes long", "too short");
        assertRejected(file(new byte[] {1, 0, 0}), "3 bytes long", "truncated");
    }

    @Test
    void headerLengthLongerThanTheFile() throws IOException {
        assertRejected(file(container(1000, "{}".getBytes(StandardCharsets.US_ASCII))),
                "header length field says 1000 bytes but only 2 follow it");
    }

    @Test
    void hugeHeaderLengthsAllocateNothing() throws IOException {
        assertRejected(file(container(1L << 40, new byte[16])), "1099511627776");
        assertRejected(file(container(-1L, new byte[16])), "18446744073709551615"); // u64 beyond 2^63
    }

    @Test
    void headerLengthAboveTheCapEvenIfTheFileIsThatLong() throws IOException {
        Path file = file(container(SafetensorsReader.MAX_HEADER_BYTES + 8, new byte[0]));
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(SafetensorsReader.MAX_HEADER_BYTES + 1024); // sparse: no real disk use
        }
        assertRejected(file, "more than the " + SafetensorsReader.MAX_HEADER_BYTES);
    }

    @Test
    void headerThatIsNotJsonOrNotUtf8() throws IOException {
        assertRejected(file(container("hello", new byte[0])), "not valid JSON");
        assertRejected(file(container(3, new byte[] {'{', (byte) 0xff, '}'})), "not valid UTF-8");
        assertRejected(file(container("[1, 2]", new byte[0])), "not a JSON object");
        assertRejected(file(container("{} {}", new byte[0])), "content after its JSON object");
        assertRejected(file(container("", new byte[0])), "not a JSON object");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutStackOverflow() throws IOException {
        String deep = "[".repeat(200_000);
        assertRejected(file(container(deep, new byte[0])), "not a JSON object");
        assertRejected(header("\"t\": {\"dtype\": \"F32\", \"shape\": " + deep, 0), "tensor 't': shape holds an array");
        assertRejected(file(container("{\"__metadata__\": {\"a\": " + deep, new byte[0])), "holds an array");
    }

    @Test
    void entryMissingAField() throws IOException {
        assertRejected(header("\"w\": {\"shape\": [1], \"data_offsets\": [0, 4]}", 4), "tensor 'w' has no dtype");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}", 4), "tensor 'w' has no shape");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [1]}", 4), "tensor 'w' has no data_offsets");
    }

    @Test
    void entryOfTheWrongKind() throws IOException {
        assertRejected(header("\"w\": [1, 2]", 0), "tensor 'w' is an array, not an object");
        assertRejected(header("\"w\": {\"dtype\": 32, \"shape\": [], \"data_offsets\": [0, 4]}", 4), "dtype is a number");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"x\": 1}", 4),
                "tensor 'w' has an unknown field 'x'");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        assertRejected(header("\"w\": {\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [0, 8]}", 8),
                "tensor 'w' has dtype I64", "F32, F16 or BF16");
        assertRejected(header("\"w\": {\"dtype\": \"f32\", \"shape\": [1], \"data_offsets\": [0, 4]}", 4),
                "dtype f32");
    }

    @Test
    void badDimensions() throws IOException {
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [-2, 2], \"data_offsets\": [0, 16]}", 16),
                "tensor 'w': shape holds the negative value -2");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [2.5], \"data_offsets\": [0, 16]}", 16),
                "tensor 'w': shape holds 2.5, not an integer");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [\"2\"], \"data_offsets\": [0, 8]}", 8),
                "shape holds a string");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [99999999999999999999], \"data_offsets\": [0, 4]}",
                4), "too large");
    }

    @Test
    void elementCountOverflowIsCaught() throws IOException {
        long big = 1L << 62;
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [" + big + ", 4], \"data_offsets\": [0, 4]}", 4),
                "tensor 'w' has shape [" + big + ", 4], too many elements");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [" + big + "], \"data_offsets\": [0, 4]}", 4),
                "too many elements"); // the count fits, the byte count does not
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 8]}", 8),
                "tensor 'w'", "(8 bytes) but shape [2, 2] of F32 needs 16 bytes");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 4]}", 8),
                "end before they begin");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4, 8]}", 8),
                "data_offsets has more than 2 values");
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4]}", 8),
                "data_offsets holds 1 numbers, not 2");
    }

    @Test
    void offsetsBeyondTheData() throws IOException {
        assertRejected(header("\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}", 8),
                "tensor 'w' has data_offsets [0, 16] but the data after the header is only 8 bytes", "truncated");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertRejected(header("\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [8, 24]}", 24),
                "tensor 'b' (bytes 8 to 24) overlaps tensor 'a' (bytes 0 to 16)");
    }

    @Test
    void gapsAndTrailingBytes() throws IOException {
        assertRejected(header("\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [16, 24]}", 24),
                "bytes 8 to 16 of the data belong to no tensor");
        assertRejected(header("\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}", 12),
                "4 bytes after the last tensor");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        String entry = "\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}";
        assertRejected(header(entry + ", " + entry, 4), "Duplicate field 'a'");
    }

    @Test
    void metadataThatIsNotAStringMap() throws IOException {
        assertRejected(file(container("{\"__metadata__\": {\"styles\": 2}}", new byte[0])),
                "__metadata__ key 'styles' holds a number, not a string");
        assertRejected(file(container("{\"__metadata__\": [\"a\"]}", new byte[0])), "__metadata__ is an array");
    }
}
