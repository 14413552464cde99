package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pastiche.ModelFormatException;
import io.pastiche.Style;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the model file reader: header, manifest and tensors. Whatever the bytes, reading
 * gives a model whose names are valid and whose values are finite, or a {@link ModelFormatException} naming the
 * input with no control characters in its message; anything else (another exception, an error, running out of
 * memory) is a finding. Without {@code JAZZER_FUZZ} this replays the inputs in {@code
 * ModelFileFuzzTestInputs/modelFile} (see docs/reliability.md, "Fuzzing").
 */
class ModelFileFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void modelFile(byte[] bytes) throws IOException {
        Model model;
        try {
            model = ModelFile.read(bytes, "fuzzed");
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzzed: ").doesNotContainPattern("\\p{Cc}");
            return;
        }
        for (Style style : model.styles()) {
            assertThat(StyleNames.isValid(style.name())).as(style.name()).isTrue();
            assertThat(style.painter() + style.source()).doesNotContainPattern("\\p{Cc}");
        }
        for (float[] weights : model.weights()) {
            for (float w : weights) {
                assertThat(Float.isFinite(w)).isTrue();
            }
        }
    }

    /**
     * Writes the seed inputs: valid files in each dtype and the damage the reader must refuse (a checksum that
     * does not match or is malformed, NaN and infinity, a style name with ESC, truncation, a hostile header
     * length). Run with the test class path and the inputs folder as the argument; the seeds are committed.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path scratch = Files.createTempFile("seed", ".safetensors");
        Model model = Fixtures.randomModel(Fixtures.tinySpec(), List.of(new Style(0, "wave", "Hokusai", "1831"),
                Style.named(1, "scream")), 7);
        for (DType dtype : DType.values()) {
            ModelFile.write(model, scratch, dtype);
            Files.write(dir.resolve("valid-" + dtype.name().toLowerCase()), Files.readAllBytes(scratch));
        }
        ModelFile.write(model, scratch);
        byte[] good = Files.readAllBytes(scratch);
        byte[] flipped = good.clone();
        flipped[Fixtures.dataStart(good) + 5] ^= 1;
        Files.write(dir.resolve("checksum-mismatch"), flipped);
        Files.write(dir.resolve("no-checksum"), Fixtures.withoutChecksum(good));
        Files.write(dir.resolve("nan-gamma"), Fixtures.withFloat(Fixtures.withoutChecksum(good), "down.norm.gamma", 3,
                Float.NaN));
        Files.write(dir.resolve("infinite-weight"), Fixtures.withFloat(Fixtures.withoutChecksum(good), "head.weight", 0,
                Float.POSITIVE_INFINITY));
        String text = new String(good, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("malformed-checksum"),
                text.replaceFirst("(\"data_sha256\":\")[0-9a-f]{4}", "$1zzzz").getBytes(StandardCharsets.ISO_8859_1));
        Path named = new Fixtures.Draft(model)
                .meta("style_info", "[{\"name\": \"\\u001b[2J\"}, {\"name\": \"scream\"}]").write(scratch);
        Files.write(dir.resolve("escape-in-style-name"), Files.readAllBytes(named));
        Path painter = new Fixtures.Draft(model).meta("style_info",
                "[{\"name\": \"a\", \"painter\": \"\\u0007\\u001b]0;x\"}, {\"name\": \"b\"}]").write(scratch);
        Files.write(dir.resolve("control-in-painter"), Files.readAllBytes(painter));
        Files.write(dir.resolve("truncated"), Arrays.copyOf(good, good.length / 2));
        byte[] hostileLength = good.clone();
        java.nio.ByteBuffer.wrap(hostileLength).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        Files.write(dir.resolve("hostile-header-length"), hostileLength);
        Files.write(dir.resolve("plain-safetensors"), Fixtures.container(
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", new byte[4]));
        Files.delete(scratch);
    }
}
