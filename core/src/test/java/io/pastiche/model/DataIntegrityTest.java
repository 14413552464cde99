package io.pastiche.model;

import static io.pastiche.model.Fixtures.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.DefaultModel;
import io.pastiche.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage the container checks cannot see: bytes changed inside the tensor data (caught by the checksum pastiche
 * writes), and NaN or infinite values (refused whether or not the file has a checksum), which would otherwise
 * make every pastiche black or one flat colour.
 */
class DataIntegrityTest {

    @TempDir
    Path dir;

    private byte[] goodFile() throws IOException {
        Path file = dir.resolve("good.safetensors");
        ModelFile.write(Fixtures.tinyModel(), file);
        return Files.readAllBytes(file);
    }

    @Test
    void pasticheWritesASha256OfTheDataAndReadsItBack() throws IOException {
        byte[] bytes = goodFile();
        try (SafetensorsReader reader = SafetensorsReader.of(bytes, "good")) {
            assertThat(reader.header().metadata().orElseThrow().get("data_sha256")).matches("[0-9a-f]{64}");
        }
        assertThat(ModelFile.read(bytes, "good").styles()).isEqualTo(Fixtures.tinyModel().styles());
    }

    @Test
    void aChangedByteInTheDataIsAChecksumMismatch() throws IOException {
        byte[] bytes = goodFile();
        bytes[Fixtures.dataStart(bytes) + 10] ^= 0x01; // a tiny change of one weight: still a finite number
        Path file = Fixtures.write(dir.resolve("flipped.safetensors"), bytes);
        assertRejected(file, "damaged", "checksum does not match");
    }

    @Test
    void aMalformedChecksumIsRefused() throws IOException {
        byte[] bytes = goodFile();
        String header = new String(bytes, 8, Fixtures.dataStart(bytes) - 8, java.nio.charset.StandardCharsets.UTF_8);
        String sum = header.replaceFirst("(?s).*\"data_sha256\":\"([0-9a-f]+)\".*", "$1");
        byte[] upper = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(sum, sum.substring(0, 60) + "zzzz").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertRejected(Fixtures.write(dir.resolve("bad-sum.safetensors"), upper), "'data_sha256'", "64 hexadecimal");
    }

    @Test
    void filesWithoutAChecksumStillRead() throws IOException {
        byte[] bytes = Fixtures.withoutChecksum(goodFile());
        bytes[Fixtures.dataStart(bytes) + 10] ^= 0x01;
        assertThat(ModelFile.read(bytes, "other writer").styles()).hasSize(2);
        assertThat(DefaultModel.read().styles()).hasSize(16); // written before checksums existed
    }

    @Test
    void nanInAStyleTableIsRefusedNamingTheTensorAndIndex() throws IOException {
        byte[] bytes = Fixtures.withFloat(Fixtures.withoutChecksum(goodFile()), "down.norm.gamma", 7, Float.NaN);
        assertRejected(Fixtures.write(dir.resolve("nan.safetensors"), bytes),
                "tensor 'down.norm.gamma'", "NaN at index 7", "[1, 1]");
    }

    @Test
    void infinityInAWeightIsRefused() throws IOException {
        byte[] bytes = Fixtures.withFloat(Fixtures.withoutChecksum(goodFile()), "head.weight", 0,
                Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> ModelFile.read(bytes, "inf"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'head.weight'")
                .hasMessageContaining("-Infinity at index 0");
    }

    @Test
    void valuesBeyondTheRangeOfF16AreNotWrittenAsInfinity() throws IOException {
        Model model = Fixtures.tinyModel();
        List<float[]> weights = model.weights();
        weights.get(1)[3] = 70_000f;
        Model big = new Model(model.spec(), 1, weights, model.cin(), model.styles());
        Path file = dir.resolve("big.safetensors");
        assertThatThrownBy(() -> ModelFile.write(big, file, DType.F16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("down.weight").hasMessageContaining("70000").hasMessageContaining("F16");
        assertThat(file).doesNotExist();
        ModelFile.write(big, file, DType.BF16); // BF16 has float32's range
        weights.get(1)[3] = Float.MAX_VALUE; // rounds up to infinity in BF16
        Model huge = new Model(model.spec(), 1, weights, model.cin(), model.styles());
        assertThatThrownBy(() -> ModelFile.write(huge, dir.resolve("huge.safetensors"), DType.BF16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BF16");
    }

    @Test
    void theChecksumCoversExactlyTheDataSection() throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(DType.F32, Map.of("k", "v"))
                .add("a", new long[] {2}, new float[] {1, 2});
        Path file = dir.resolve("plain.safetensors");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            writer.writeTo(channel);
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] data = java.util.Arrays.copyOfRange(bytes, Fixtures.dataStart(bytes), bytes.length);
        String expected = java.util.HexFormat.of().formatHex(sha256(data));
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.header().metadata().orElseThrow()).containsEntry("data_sha256", expected)
                    .containsEntry("k", "v");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
