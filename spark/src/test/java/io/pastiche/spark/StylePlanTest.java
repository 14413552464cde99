package io.pastiche.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.Style;
import io.pastiche.UnknownStyleException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StylePlanTest {

    private static final List<Style> STYLES = IntStream.range(0, 16).mapToObj(i -> Style.named(i, "s" + i)).toList();

    @Test
    void aRandomStyleDependsOnlyOnTheSeedAndThePath() {
        StylePlan plan = StylePlan.randomStyle(42);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String path = "hdfs:///imagenet/n0144/" + i + ".JPEG";
            StylePlan.Choice choice = plan.choose(path, STYLES);
            assertThat(StylePlan.randomStyle(42).choose(path, STYLES)).isEqualTo(choice);
            drawn.add(choice.label());
        }
        assertThat(drawn).as("200 images draw most of 16 styles").hasSizeGreaterThan(12);
        assertThat(plan.seed()).isEqualTo(42L);
        long differ = IntStream.range(0, 50).filter(i -> !StylePlan.randomStyle(43).choose("p" + i, STYLES)
                .equals(plan.choose("p" + i, STYLES))).count();
        assertThat(differ).as("another seed draws other styles").isGreaterThan(30);
    }

    @Test
    void aRandomMixHasKDifferentStylesWhoseWeightsSumToOne() {
        for (int i = 0; i < 100; i++) {
            StylePlan.Choice choice = StylePlan.randomMix(3, 7).choose("photo" + i, STYLES);
            Map<Integer, Double> weights = choice.mix().weights();
            assertThat(weights).hasSize(3);
            assertThat(weights.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(choice.label()).matches("s\\d+-[0-9.]+\\+s\\d+-[0-9.]+\\+s\\d+-[0-9.]+");
        }
        assertThatThrownBy(() -> StylePlan.randomMix(17, 1).choose("x", STYLES))
                .hasMessageContaining("needs a model of at least that many; this one has 16");
        assertThatThrownBy(() -> StylePlan.randomMix(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedPlansNameTheirStylesAsTheCommandLineDoes() {
        assertThat(StylePlan.style("s3").choose("x", STYLES).label()).isEqualTo("s3");
        assertThat(StylePlan.style("5").choose("x", STYLES).label()).isEqualTo("s5");
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("s1", 0.7);
        weights.put("s2", 0.3);
        StylePlan.Choice mix = StylePlan.mix(weights).choose("x", STYLES);
        assertThat(mix.label()).isEqualTo("s1-0.7+s2-0.3");
        assertThat(mix.mix().weights()).containsExactly(Map.entry(1, 0.7), Map.entry(2, 0.3));
        assertThat(StylePlan.style("s1").seed()).isNull();
        assertThatThrownBy(() -> StylePlan.style("monet").choose("x", STYLES)).isInstanceOf(
                UnknownStyleException.class).hasMessageContaining("0 s0, 1 s1");
    }
}
