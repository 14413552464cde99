package io.pastiche.model;

import static io.pastiche.model.Fixtures.assertRejected;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid safetensors files that are not valid pastiche models: manifest or tensors wrong in one way. */
class ModelFileRejectsTest {

    @TempDir
    Path dir;

    private Path file;
    private Fixtures.Draft draft;

    @BeforeEach
    void draft() {
        file = dir.resolve("model.safetensors");
        draft = new Fixtures.Draft(Fixtures.tinyModel());
    }

    @Test
    void theDraftItselfIsValid() throws IOException {
        ModelFile.read(draft.write(file));
    }

    @Test
    void missingFileIsAnIoException() {
        assertThatThrownBy(() -> ModelFile.read(dir.resolve("nothing.safetensors")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void plainSafetensorsWithoutMetadata() throws IOException {
        String header = "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}";
        assertRejected(Fixtures.write(file, Fixtures.container(header, new byte[4])), "no __metadata__");
    }

    @Test
    void notAPasticheManifest() throws IOException {
        assertRejected(draft.meta("format", null).write(file), "no 'format' key", "not a pastiche model");
        assertRejected(draft.meta("format", "gguf").write(file), "'format' is 'gguf'");
    }

    @Test
    void newerFormatVersionAsksForAnUpgrade() throws IOException {
        assertRejected(draft.meta("format_version", "2").write(file), "format version 2", "upgrade pastiche");
    }

    @Test
    void badFormatVersion() throws IOException {
        assertRejected(draft.meta("format_version", "1.0").write(file), "'format_version' is '1.0'");
        assertRejected(draft.meta("format_version", "0").write(file), "'format_version' is 0");
        assertRejected(draft.meta("format_version", null).write(file), "no 'format_version' key");
    }

    @Test
    void missingManifestKeys() throws IOException {
        for (String key : new String[] {"architecture", "alpha", "styles", "style_info"}) {
            new Fixtures.Draft(Fixtures.tinyModel()).meta(key, null).write(file);
            assertRejected(file, "no '" + key + "' key");
        }
    }

    @Test
    void badAlpha() throws IOException {
        for (String alpha : new String[] {"abc", "-1", "0", "NaN", "Infinity", "1e999", "1.0d"}) {
            assertRejected(draft.meta("alpha", alpha).write(file), "'alpha' is '" + alpha + "'");
        }
    }

    @Test
    void architectureThatIsNotJson() throws IOException {
        assertRejected(draft.meta("architecture", "{blocks").write(file), "architecture is not valid JSON");
        assertRejected(draft.meta("architecture", "[" .repeat(10_000)).write(file), "nesting depth");
        assertRejected(draft.meta("architecture", "[]").write(file), "expected an object, found array");
    }

    @Test
    void architectureWithUnknownOrBadFields() throws IOException {
        String good = draft.metadata.get("architecture");
        assertRejected(draft.meta("architecture", good.replace("\"kernel\":1,", "\"kernel\":1,\"padding\":\"zero\",")).write(file),
                "layer tail: unknown field 'padding'");
        assertRejected(draft.meta("architecture", good.replace("\"kernel\":1,", "\"kernel\":1.5,")).write(file),
                "layer tail: 'kernel' must be an integer from 1 to 63, found 1.5");
        assertRejected(draft.meta("architecture", good.replace("\"sigmoid\"", "\"gelu\"")).write(file),
                "layer tail: activation 'gelu' is not one of relu, sigmoid, none");
        assertRejected(draft.meta("architecture", good.replace("{\"conv\":", "{\"dense\":")).write(file),
                "block 0: unknown field 'dense'");
        assertRejected(draft.meta("architecture", "{\"blocks\": []}").write(file), "at least one block");
    }

    @Test
    void architectureThatIsNotANetwork() throws IOException {
        String good = draft.metadata.get("architecture");
        assertRejected(draft.meta("architecture", good.replace("\"name\":\"down\",\"in\":4", "\"name\":\"down\",\"in\":5"))
                .write(file), "down takes 5 channels");
        assertRejected(draft.meta("architecture", good.replace("\"kernel\":1,", "\"kernel\":2,")).write(file),
                "kernel must be odd");
    }

    @Test
    void architectureTooLargeForAnyFile() throws IOException {
        String good = draft.metadata.get("architecture");
        String huge = good.replace("\"in\":4,\"out\":6,\"kernel\":3", "\"in\":4,\"out\":65536,\"kernel\":63");
        assertRejected(draft.meta("architecture", huge).write(file), "layer down: 1040449536 weights, more than");
        assertRejected(draft.meta("architecture", " ".repeat(ArchitectureJson.MAX_CHARS + 1)).write(file),
                "characters long");
    }

    @Test
    void styleCountDisagreesWithStyleInfo() throws IOException {
        assertRejected(draft.meta("styles", "3").write(file), "'styles' says 3 but 'style_info' describes 2");
    }

    @Test
    void styleTablesWithTheWrongNumberOfRows() throws IOException {
        draft.meta("styles", "1").meta("style_info", "[{\"name\": \"wave\"}]").write(file);
        assertRejected(file, "tensor 'head.norm.gamma' has shape [2, 4] but the manifest's architecture needs [1, 4]",
                "check 'styles'");
    }

    @Test
    void badStyleInfo() throws IOException {
        assertRejected(draft.meta("style_info", "[{\"name\": \"a\"}, {\"name\": \"a\"}]").write(file),
                "style 1: the name 'a' is used by an earlier style");
        assertRejected(draft.meta("style_info", "[{\"name\": \"a\"}, {\"painter\": \"b\"}]").write(file),
                "style 1: 'name' is missing");
        assertRejected(draft.meta("style_info", "[{\"name\": \"a\"}, \"b\"]").write(file),
                "style 1: expected an object, found string");
        assertRejected(draft.meta("style_info", "{\"name\": \"a\"}").write(file), "must be an array, found object");
    }

    @Test
    void convolutionWithTheWrongShape() throws IOException {
        assertRejected(draft.shape("down.weight", 6, 4, 5, 5).write(file),
                "tensor 'down.weight' has shape [6, 4, 5, 5] but the manifest's architecture needs [6, 4, 3, 3]");
    }

    @Test
    void missingTensor() throws IOException {
        assertRejected(draft.without("tail.norm.beta").write(file), "tensor 'tail.norm.beta' is missing");
    }

    @Test
    void renamedTensorIsReportedAsMissingWithAHint() throws IOException {
        long[] shape = draft.shapes.get("head.weight");
        assertRejected(draft.without("head.weight").shape("head.conv.weight", shape).write(file),
                "tensor 'head.weight' is missing", "such as 'head.conv.weight'");
    }

    @Test
    void extraTensor() throws IOException {
        assertRejected(draft.shape("head.bias", 4).write(file), "tensor 'head.bias' is not part of the manifest");
    }

    @Test
    void aFolderIsNotAModel() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.safetensors"));
        assertThatThrownBy(() -> ModelFile.read(folder)).isInstanceOf(IOException.class);
    }
}
