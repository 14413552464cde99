package io.pastiche.model;

import static io.pastiche.model.Fixtures.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pastiche.DefaultModel;
import io.pastiche.Style;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Style names and descriptions reach terminals, file names and command lines: a model file must not be able to
 * send escape sequences through them, or name a style so that it cannot be typed.
 */
class StyleTextTest {

    @TempDir
    Path dir;

    private Path fileWithStyles(String styleInfo) throws IOException {
        return new Fixtures.Draft(Fixtures.tinyModel()).meta("style_info", styleInfo)
                .write(dir.resolve("styles.safetensors"));
    }

    private static String json(Object value) throws IOException {
        return new ObjectMapper().writeValueAsString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\u001b[31mname", "bell\u0007", "two\nlines", "nul\u0000", "a b", "a/b", "../up",
        "tab\there", "", "x2345678901234567890123456789012345678901234567890123456789012345"})
    void badStyleNamesAreRefusedOnReadShownEscaped(String name) throws IOException {
        Path file = fileWithStyles(json(List.of(Map.of("name", name), Map.of("name", "fine"))));
        String shown = StyleNames.escaped(name.substring(0, Math.min(name.length(), 16)));
        assertRejected(file, "style 0", "'" + shown, "letters, digits")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u0007", "\u0000", "\n"));
        if (name.contains("\u001b")) {
            assertThat(StyleNames.escaped(name)).isEqualTo("bad\\u001b[31mname");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"starry_night", "v1.2-final", "nuit_étoilée", "A", "0", "_private", ".hidden", "x²", "x234567890123456789012345678901234567890123456789012345678901234"})
    void goodStyleNamesRead(String name) throws IOException {
        Path file = fileWithStyles(json(List.of(Map.of("name", name), Map.of("name", "fine"))));
        assertThat(ModelFile.read(file).styles().get(0).name()).isEqualTo(name);
    }

    @Test
    void badStyleNamesAreRefusedOnWrite() {
        Model model = Fixtures.randomModel(Fixtures.tinySpec(), List.of(Style.named(0, "evil\u001b]0;pwned\u0007")), 1);
        Path file = dir.resolve("out.safetensors");
        assertThatThrownBy(() -> ModelFile.write(model, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evil\\u001b]0;pwned\\u0007")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
        assertThat(file).doesNotExist();
    }

    @Test
    void controlCharactersInDescriptionsBecomeSpacesOnRead() throws IOException {
        Path file = fileWithStyles(json(List.of(
                Map.of("name", "a", "painter", "Evil\u001b]0;title\u0007 Painter", "source", "MoMA\n1889\u202e ✓"),
                Map.of("name", "b", "title", "ignored\u001b"))));
        Style a = ModelFile.read(file).styles().get(0);
        assertThat(a.painter()).isEqualTo("Evil ]0;title  Painter");
        assertThat(a.source()).isEqualTo("MoMA 1889  ✓");
    }

    @Test
    void descriptionsAreWrittenClean() throws IOException {
        Model model = Fixtures.randomModel(Fixtures.tinySpec(), List.of(new Style(0, "a", "tab\there", "\u0085x")), 1);
        Path file = dir.resolve("clean.safetensors");
        ModelFile.write(model, file);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.header().metadata().orElseThrow().get("style_info"))
                    .contains("tab here").contains("\" x\"").doesNotContain("\\t", "\\u0085");
        }
    }

    @Test
    void theBundledModelsNamesAreValid() {
        for (Style style : DefaultModel.read().styles()) {
            assertThat(StyleNames.problem(style.name())).as(style.name()).isNull();
        }
    }

    @Test
    void errorMessagesQuotingTheFileCarryNoControlCharacters() {
        String header = "{\"evil\\u001b[2J\\u0007\": {\"dtype\": \"F32\", \"shape\": [1]}}";
        assertThatThrownBy(() -> ModelFile.read(Fixtures.container(header, new byte[0]), "hostile"))
                .isInstanceOf(io.pastiche.ModelFormatException.class)
                .hasMessageContaining("tensor 'evil\\u001b[2J\\u0007' has no data_offsets")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u0007"));
        assertThat(io.pastiche.Printable.escaped("ok ✓ \u202e\n\ud83d\ude00")).isEqualTo("ok ✓ \\u202e\\u000a\ud83d\ude00");
    }
}
