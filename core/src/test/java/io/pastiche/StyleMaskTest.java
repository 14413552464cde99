package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleMaskTest {

    /** A label image: red left of {@code split}, blue from it on. */
    private static BufferedImage leftRight(int width, int height, int split) {
        BufferedImage labels = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                labels.setRGB(x, y, x < split ? 0xff0000 : 0x0000ff);
            }
        }
        return labels;
    }

    private static Map<Integer, StyleMix> redBlue(StyleMix red, StyleMix blue) {
        Map<Integer, StyleMix> regions = new LinkedHashMap<>();
        regions.put(0xff0000, red);
        regions.put(0x0000ff, blue);
        return regions;
    }

    @Test
    void labelsGiveEachPixelItsRegionsMixOverTheStylesInAscendingOrder() {
        StyleMask mask = StyleMask.ofLabels(leftRight(4, 2, 1),
                redBlue(StyleMix.of(3), StyleMix.of(Map.of(1, 0.25, 3, 0.5))));
        assertThat(mask.styles()).containsExactly(1, 3);
        float[] w = mask.styleWeights(1, 0, 2, 4);
        // style 1, then style 3; rows of 4
        assertThat(w).containsExactly(0, 0.25f, 0.25f, 0.25f, 0, 0.25f, 0.25f, 0.25f,
                1, 0.5f, 0.5f, 0.5f, 1, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void weightsAreAveragedOverTheBlockEachLayerPixelCoversAndTheEdgeRepeatsBeyondThePicture() {
        StyleMask mask = StyleMask.ofLabels(leftRight(5, 3, 1), redBlue(StyleMix.of(0), StyleMix.of(1)));
        // factor 2: columns [0,2) [2,4) [4,5), rows [0,2) [2,3); a fourth column is past the edge
        float[] w = mask.styleWeights(2, 0, 2, 4);
        assertThat(w).containsExactly(0.5f, 0, 0, 0, 0.5f, 0, 0, 0,
                0.5f, 1, 1, 1, 0.5f, 1, 1, 1);
        // rows asked from the middle: only row 1 at factor 2 (picture row 2)
        assertThat(mask.styleWeights(2, 1, 2, 3)).containsExactly(0.5f, 0, 0, 0.5f, 1, 1);
    }

    @Test
    void normalisedMasksScaleEachPixelsWeightsToOne() {
        StyleMask mask = StyleMask.ofLabels(leftRight(2, 1, 1),
                redBlue(StyleMix.of(Map.of(0, 2.0, 1, 2.0)), StyleMix.of(1))).normalized();
        assertThat(mask.styleWeights(1, 0, 1, 2)).containsExactly(0.5f, 0, 0.5f, 1);
    }

    @Test
    void everyColourOfTheLabelsNeedsARegionAndEveryRegionAPixel() {
        assertThatThrownBy(() -> StyleMask.ofLabels(leftRight(4, 2, 1), Map.of(0xff0000, StyleMix.of(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 colour without a region: #0000ff")
                .hasMessageContaining("the regions are #ff0000");
        Map<Integer, StyleMix> three = redBlue(StyleMix.of(0), StyleMix.of(1));
        three.put(0x00ff00, StyleMix.of(2));
        assertThatThrownBy(() -> StyleMask.ofLabels(leftRight(4, 2, 1), three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pixel of the label image has the colour #00ff00");
        assertThatThrownBy(() -> StyleMask.ofLabels(leftRight(4, 2, 1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void featheringSoftensBordersOnlyAndKeepsEachPixelsWeightsSummingToOne() {
        StyleMask mask = StyleMask.ofLabels(leftRight(40, 3, 20), redBlue(StyleMix.of(0), StyleMix.of(1)))
                .feathered(4);
        float[] w = mask.styleWeights(1, 1, 2, 40);
        assertThat(w[0]).isEqualTo(1f);
        assertThat(w[39]).isEqualTo(0f);
        assertThat(w[19]).isBetween(0.4f, 0.6f);
        for (int x = 0; x < 40; x++) {
            assertThat(w[x] + w[40 + x]).isCloseTo(1f, within(2f / 255));
            if (x > 0) {
                assertThat(w[x]).isLessThanOrEqualTo(w[x - 1]);
            }
        }
        assertThat(StyleMask.uniform(9, 9, StyleMix.of(2)).feathered(3).uniformMix()).contains(StyleMix.of(2));
        assertThatThrownBy(() -> mask.feathered(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void insideARegionItsStyleWeighsExactlyOneAtEveryLayersResolution() {
        // what the masked normalisation's fast path looks for (one style at 1, the others at 0, exactly)
        StyleMask mask = StyleMask.ofLabels(leftRight(64, 16, 32), redBlue(StyleMix.of(0), StyleMix.of(1)))
                .feathered(2);
        for (int factor : new int[] {1, 2, 4}) {
            int columns = 64 / factor;
            float[] w = mask.styleWeights(factor, 0, 16 / factor, columns);
            int plane = w.length / 2;
            for (int row = 0; row < 16 / factor; row++) {
                assertThat(w[row * columns]).as("left, factor %d", factor).isEqualTo(1f);
                assertThat(w[plane + row * columns]).as("left, factor %d", factor).isEqualTo(0f);
                assertThat(w[row * columns + columns - 1]).as("right, factor %d", factor).isEqualTo(0f);
                assertThat(w[plane + row * columns + columns - 1]).as("right, factor %d", factor).isEqualTo(1f);
            }
        }
    }

    @Test
    void resizingTakesTheNearestPixel() {
        StyleMask mask = StyleMask.ofLabels(leftRight(4, 2, 1), redBlue(StyleMix.of(0), StyleMix.of(1)))
                .resized(8, 1);
        assertThat(mask.width()).isEqualTo(8);
        assertThat(mask.styleWeights(1, 0, 1, 8)).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void aMaskTheSameEverywhereNamesItsMix() {
        StyleMix mix = StyleMix.of(Map.of(2, 0.3, 0, 0.9));
        assertThat(StyleMask.uniform(3, 2, mix).uniformMix()).contains(mix);
        assertThat(StyleMask.uniform(3, 2, mix).normalized().uniformMix()).contains(mix.normalized());
        assertThat(StyleMask.ofLabels(leftRight(4, 2, 1), redBlue(StyleMix.of(0), StyleMix.of(1))).uniformMix())
                .isEmpty();
        BufferedImage grey = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 0);
        assertThat(StyleMask.ofGreys(Map.of(StyleMix.of(1), grey)).uniformMix())
                .contains(StyleMix.of(Map.of(1, 0.0)));
    }

    @Test
    void greyMasksMustShareOneSize() {
        Map<StyleMix, BufferedImage> greys = new LinkedHashMap<>();
        greys.put(StyleMix.of(0), new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY));
        greys.put(StyleMix.of(1), new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY));
        assertThatThrownBy(() -> StyleMask.ofGreys(greys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask 1 is 4x3 and mask 0 is 3x3");
    }
}
