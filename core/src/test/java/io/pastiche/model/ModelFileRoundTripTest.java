package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pastiche.Style;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.ConditionalInstanceNorm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void standardUntrainedModelRoundTripsExactlyInF32() throws IOException {
        Model model = Model.untrained(NetworkSpec.standard(0.25), 0.25, List.of("a", "b"), 1);
        Path file = dir.resolve("standard.safetensors");
        ModelFile.write(model, file);

        Model read = ModelFile.read(file);

        assertSame(read, model, 0);
        assertThat(read.alpha()).isEqualTo(0.25);
        assertThat(read.spec()).isEqualTo(NetworkSpec.standard(0.25));
    }

    @Test
    void bytesInMemoryReadAsTheFileDoes() throws IOException {
        Model model = Fixtures.tinyModel();
        Path file = dir.resolve("tiny.safetensors");
        ModelFile.write(model, file, DType.F16);

        assertSame(ModelFile.read(Files.readAllBytes(file), "tiny"), ModelFile.read(file), 0);
    }

    @Test
    void nonStandardSpecAndStyleInfoRoundTrip() throws IOException {
        Model model = Fixtures.tinyModel();
        Path file = dir.resolve("tiny.safetensors");
        ModelFile.write(model, file);

        Model read = ModelFile.read(file);

        assertThat(read.spec()).isEqualTo(Fixtures.tinySpec());
        assertThat(read.styles()).containsExactly(new Style(0, "wave", "Hokusai", "The Great Wave, c. 1831"),
                new Style(1, "scream", "", ""));
        assertSame(read, model, 0);
    }

    @Test
    void unicodeAndQuotesInStyleInfoSurvive() throws IOException {
        List<Style> styles = List.of(new Style(0, "nuit_étoilée", "Vincent \"Vince\" van Gogh", "MoMA\n1889 ✓"));
        Model model = Fixtures.randomModel(Fixtures.tinySpec(), styles, 3);
        Path file = dir.resolve("unicode.safetensors");
        ModelFile.write(model, file);

        // The line break is a control character, which becomes a space (docs/model-format.md).
        assertThat(ModelFile.read(file).styles())
                .containsExactly(new Style(0, "nuit_étoilée", "Vincent \"Vince\" van Gogh", "MoMA 1889 ✓"));
    }

    @Test
    void f16KeepsElevenSignificantBits() throws IOException {
        Model model = Fixtures.tinyModel();
        Path file = dir.resolve("half.safetensors");
        ModelFile.write(model, file, DType.F16);

        assertSame(ModelFile.read(file), model, 0x1p-11);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.header().tensors()).allMatch(t -> t.dtype() == DType.F16);
        }
    }

    @Test
    void bf16KeepsEightSignificantBits() throws IOException {
        Model model = Fixtures.tinyModel();
        Path file = dir.resolve("bf16.safetensors");
        ModelFile.write(model, file, DType.BF16);

        assertSame(ModelFile.read(file), model, 0x1p-8);
    }

    @Test
    void sameModelGivesSameBytes() throws IOException {
        Model model = Fixtures.tinyModel();
        ModelFile.write(model, dir.resolve("one"));
        ModelFile.write(ModelFile.read(dir.resolve("one")), dir.resolve("two"));

        assertThat(Files.readAllBytes(dir.resolve("two"))).isEqualTo(Files.readAllBytes(dir.resolve("one")));
    }

    @Test
    void manifestAloneCanBeRead() throws IOException {
        Model model = Fixtures.tinyModel();
        Path file = dir.resolve("tiny.safetensors");
        ModelFile.write(model, file);

        Manifest manifest = ModelFile.readManifest(file);

        assertThat(manifest.formatVersion()).isEqualTo(Manifest.FORMAT_VERSION);
        assertThat(manifest.spec()).isEqualTo(model.spec());
        assertThat(manifest.styles()).isEqualTo(model.styles());
    }

    @Test
    void modelWeightsCannotBeChangedFromOutside() {
        Model model = Fixtures.tinyModel();
        float before = model.weight(0)[0];
        model.weights().get(0)[0] = before + 1;
        model.weight(0)[0] = before + 1;

        assertThat(model.weight(0)[0]).isEqualTo(before);
    }

    /** Same architecture and styles, and every value within {@code relative} of the original (0: identical). */
    private static void assertSame(Model read, Model expected, double relative) {
        assertThat(read.spec()).isEqualTo(expected.spec());
        assertThat(read.styles()).isEqualTo(expected.styles());
        for (int i = 0; i < expected.weights().size(); i++) {
            assertClose(read.weight(i), expected.weight(i), relative);
            ConditionalInstanceNorm a = read.cin().layers().get(i);
            ConditionalInstanceNorm b = expected.cin().layers().get(i);
            assertThat(a.layer()).isEqualTo(b.layer());
            assertClose(a.gammaTable(), b.gammaTable(), relative);
            assertClose(a.betaTable(), b.betaTable(), relative);
        }
    }

    private static void assertClose(float[] actual, float[] expected, double relative) {
        if (relative == 0) {
            assertThat(actual).containsExactly(expected);
            return;
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            // Relative error of round-to-nearest is at most half an ulp; the absolute floor covers F16 subnormals.
            double tolerance = Math.max(Math.abs(expected[i]) * relative, 0x1p-24);
            assertThat((double) actual[i]).isCloseTo(expected[i], within(tolerance));
        }
    }
}
