package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes on disk follow the safetensors layout, so that other tools (PyTorch, HF) read them. */
class SafetensorsWriterTest {

    @TempDir
    Path dir;

    private Path write(SafetensorsWriter writer) throws IOException {
        Path file = dir.resolve("t.safetensors");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writer.writeTo(channel);
        }
        return file;
    }

    @Test
    void layoutIsLengthThenSpacePaddedJsonThenPackedData() throws IOException {
        Path file = write(new SafetensorsWriter(DType.F32, Map.of("k", "v"))
                .add("b", new long[] {3}, new float[] {1, 2, 3})
                .add("a", new long[] {1, 1}, new float[] {-4}));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);

        long length = bytes.getLong(0);
        assertThat(length % 8).isZero();
        assertThat(bytes.capacity()).isEqualTo(8 + length + 16);
        String header = new String(bytes.array(), 8, (int) length, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{").matches("(?s).*} *");
        JsonNode json = new ObjectMapper().readTree(header);
        assertThat(json.get("__metadata__").get("k").asText()).isEqualTo("v");
        assertThat(json.get("b").toString()).isEqualTo("{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}");
        assertThat(json.get("a").get("data_offsets").toString()).isEqualTo("[12,16]");
        // Data in the order the tensors were added, not sorted by name.
        int data = 8 + (int) length;
        assertThat(bytes.getFloat(data)).isEqualTo(1f);
        assertThat(bytes.getFloat(data + 12)).isEqualTo(-4f);
    }

    @Test
    void readerReadsEveryTypeBack() throws IOException {
        float[] values = {0f, -1.5f, 3.140625f, 65504f, 1e-3f};
        for (DType dtype : DType.values()) {
            Path file = write(new SafetensorsWriter(dtype, Map.of()).add("x", new long[] {5}, values)
                    .add("empty", new long[] {0, 3}, new float[0]).add("scalar", new long[0], new float[] {2}));
            try (SafetensorsReader reader = SafetensorsReader.open(file)) {
                SafetensorsHeader header = reader.header();
                assertThat(header.metadata().orElseThrow()).containsOnlyKeys("data_sha256");
                List<String> names = new ArrayList<>();
                header.tensors().forEach(t -> names.add(t.name()));
                assertThat(names).containsExactly("x", "empty", "scalar");
                TensorEntry x = header.tensor("x").orElseThrow();
                assertThat(x.dtype()).isEqualTo(dtype);
                float[] read = reader.floats(x);
                for (int i = 0; i < values.length; i++) {
                    assertThat(read[i]).isCloseTo(values[i], org.assertj.core.api.Assertions.within(
                            Math.abs(values[i]) * (dtype == DType.BF16 ? 0x1p-8f : 0x1p-11f)));
                }
                assertThat(reader.floats(header.tensor("empty").orElseThrow())).isEmpty();
                assertThat(reader.floats(header.tensor("scalar").orElseThrow())).containsExactly(2f);
            }
            Files.delete(file);
        }
    }

    @Test
    void refusesInconsistentTensors() {
        SafetensorsWriter writer = new SafetensorsWriter(DType.F32, Map.of()).add("a", new long[] {1}, new float[1]);
        assertThatThrownBy(() -> writer.add("a", new long[] {1}, new float[1])).hasMessageContaining("a");
        assertThatThrownBy(() -> writer.add("__metadata__", new long[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.add("b", new long[] {2, 2}, new float[3])).hasMessageContaining("needs 4");
    }

    @Test
    void aModelFileHasTheManifestAndTheDocumentedTensorNames() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.write(Model.untrained(io.pastiche.network.NetworkSpec.standard(1), 1, List.of("a"), 1), file);
        byte[] bytes = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));

        JsonNode metadata = header.get("__metadata__");
        assertThat(metadata.get("format").asText()).isEqualTo("pastiche");
        assertThat(metadata.get("format_version").asText()).isEqualTo("1");
        assertThat(metadata.get("alpha").asText()).isEqualTo("1.0");
        assertThat(metadata.get("styles").asText()).isEqualTo("1");
        assertThat(metadata.get("style_info").asText()).isEqualTo("[{\"name\":\"a\",\"painter\":\"\",\"source\":\"\"}]");
        assertThat(header.get("contract.conv1.weight").get("shape").toString()).isEqualTo("[32,3,9,9]");
        assertThat(header.get("residual.residual5.conv2.norm.gamma").get("shape").toString()).isEqualTo("[1,128]");
        assertThat(header.get("expand.conv3.norm.beta").get("shape").toString()).isEqualTo("[1,3]");
        assertThat(header.size()).isEqualTo(1 + 3 * 16);
    }
}
