package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.Style;
import java.util.List;
import org.junit.jupiter.api.Test;

class StyleOptionsTest {

    private static final List<Style> STYLES = List.of(new Style(0, "a", "", ""), new Style(1, "b", "", ""));

    private static String label(double a, double b) {
        StyleOptions options = new StyleOptions();
        options.mix = new Mix(List.of(new MixTerm("a", a), new MixTerm("1", b)));
        return options.resolve(STYLES, false, "m").label();
    }

    @Test
    void aMixIsNamedByItsExactWeightsSoThatTwoMixesNeverShareAName() {
        assertThat(label(0.0625, 0.9375)).isEqualTo("a-0.0625+b-0.9375");
        assertThat(label(0.062, 0.9375)).isEqualTo("a-0.062+b-0.9375");
        assertThat(label(1e-7, 2)).isEqualTo("a-1e-7+b-2");
    }
}
