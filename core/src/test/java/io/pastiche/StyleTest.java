package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StyleTest {

    private static final List<Style> STYLES = List.of(Style.named(0, "3"), Style.named(1, "monet"),
            Style.named(2, "starry_night"), Style.named(3, "x"));

    @Test
    void aStyleIsFoundByItsNameFirstThenByItsIndex() {
        assertThat(Style.byNameOrIndex(STYLES, "starry_night")).hasValue(STYLES.get(2));
        assertThat(Style.byNameOrIndex(STYLES, "1")).hasValue(STYLES.get(1));
        assertThat(Style.byNameOrIndex(STYLES, "3")).as("the style named 3, not index 3").hasValue(STYLES.get(0));
        assertThat(Style.byNameOrIndex(STYLES, "4")).isEmpty();
        assertThat(Style.byNameOrIndex(STYLES, "99999999999")).isEmpty();
        assertThat(Style.byNameOrIndex(STYLES, "-1")).isEmpty();
        assertThat(Style.byNameOrIndex(STYLES, "")).isEmpty();
        assertThat(Style.byNameOrIndex(STYLES, "Monet")).isEmpty();
    }
}
