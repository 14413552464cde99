package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.TypeConversionException;

/**
 * Coverage-guided fuzzing of {@code --mix}'s parser: whatever the text, it gives terms that each name a style and
 * carry a finite weight, one per comma-separated piece, or a {@link TypeConversionException} (a usage error, exit 2);
 * anything else is a finding. Without {@code JAZZER_FUZZ} this replays {@code MixFuzzTestInputs/mix}
 * (docs/reliability.md, "Fuzzing").
 */
class MixFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void mix(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Mix mix;
        try {
            mix = new Mix.Converter().convert(text);
        } catch (TypeConversionException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(mix.terms()).hasSize(text.split(",", -1).length);
        for (MixTerm term : mix.terms()) {
            assertThat(term.style()).isNotBlank().isEqualTo(term.style().trim());
            assertThat(Double.isFinite(term.weight())).as(text).isTrue();
        }
    }

    /** Writes the seed inputs: the malformed mixes found by hand, and good ones. Argument: the inputs folder. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Map<String, String> seeds = Map.ofEntries(
                Map.entry("good", "starry_night=0.7,the_scream=0.3"),
                Map.entry("indices", "0=1,15=-0.5e-3"),
                Map.entry("lone-comma", ","),
                Map.entry("trailing-comma", "a=1,"),
                Map.entry("double-equals", "a==1"),
                Map.entry("hex-float", "a=0x1p3"),
                Map.entry("java-float-suffix", "a=1f"),
                Map.entry("empty", ""),
                Map.entry("overflow", "a=1e400"),
                Map.entry("nan", "a=NaN"),
                Map.entry("escape", "\u001b[31m=1"),
                Map.entry("no-style", "=1"));
        for (Map.Entry<String, String> seed : seeds.entrySet()) {
            Files.writeString(dir.resolve(seed.getKey()), seed.getValue(), StandardCharsets.UTF_8);
        }
    }
}
