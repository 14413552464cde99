package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class MixTermTest {

    private final MixTerm.Converter converter = new MixTerm.Converter();

    @Test
    void parsesNamesAndIndicesWithTheirWeights() {
        assertThat(converter.convert("starry_night=0.7")).isEqualTo(new MixTerm("starry_night", 0.7));
        assertThat(converter.convert("3=1")).isEqualTo(new MixTerm("3", 1.0));
        assertThat(converter.convert(" monet = -0.25 ")).isEqualTo(new MixTerm("monet", -0.25));
    }

    @Test
    void refusesWhatIsNotStyleEqualsWeight() {
        for (String bad : new String[] {"monet", "monet:0.3", "=0.3", "monet=", "monet=abc", "monet=NaN",
                "monet=Infinity"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }
}
