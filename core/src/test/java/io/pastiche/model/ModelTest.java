package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.Style;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import org.junit.jupiter.api.Test;

class ModelTest {

    private final Model model = RandomModels.model(NetworkSpec.standard(0.125), 3, 5);

    @Test
    void withoutStyleRenumbersTheRestAndKeepsEveryOtherNumber() {
        Model without = model.withoutStyle("style1");

        assertThat(without.styles()).containsExactly(new Style(0, "style0", "painter 0", "random test style"),
                new Style(1, "style2", "painter 2", "random test style"));
        for (int i = 0; i < model.spec().convolutions().size(); i++) {
            assertThat(without.weight(i)).containsExactly(model.weight(i));
            assertThat(without.cin().layers().get(i).gamma(1)).containsExactly(model.cin().layers().get(i).gamma(2));
        }
    }

    @Test
    void withoutStyleRefusesUnknownAndLastStyles() {
        assertThatThrownBy(() -> model.withoutStyle("monet")).hasMessageContaining("no style named 'monet'");
        assertThatThrownBy(() -> model.withoutStyle("style0").withoutStyle("style1").withoutStyle("style2"))
                .hasMessageContaining("the only style");
    }
}
