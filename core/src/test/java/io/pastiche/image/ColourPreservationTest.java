package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ColourPreservationTest {

    private static final int SIDE = 24;

    @Test
    void theResultHasThePastichesLumaAndThePhotosChroma() {
        BufferedImage photo = RandomModels.picture(BufferedImage.TYPE_INT_RGB, SIDE, SIDE, 1);
        BufferedImage pastiche = RandomModels.picture(BufferedImage.TYPE_INT_RGB, SIDE, SIDE, 2);
        BufferedImage result = ColourPreservation.apply(photo, pastiche);
        int unclamped = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int out = result.getRGB(x, y);
                int in = photo.getRGB(x, y);
                double shift = ColourPreservation.luma(pastiche.getRGB(x, y)) - ColourPreservation.luma(in);
                if (fits(in, shift)) {
                    unclamped++;
                    assertThat(ColourPreservation.luma(out))
                            .isCloseTo(ColourPreservation.luma(pastiche.getRGB(x, y)), offset(0.5));
                    assertThat(cb(out)).isCloseTo(cb(in), offset(0.6));
                    assertThat(cr(out)).isCloseTo(cr(in), offset(0.6));
                }
            }
        }
        assertThat(unclamped).as("pixels whose colour can take the new luma").isGreaterThan(SIDE * SIDE / 4);
        assertThat(pastiche.getRGB(3, 4)).as("apply leaves the pastiche alone")
                .isEqualTo(RandomModels.picture(BufferedImage.TYPE_INT_RGB, SIDE, SIDE, 2).getRGB(3, 4));
    }

    @Test
    void aGreyPhotoGivesAGreyPictureOfThePastichesLight() {
        BufferedImage photo = RandomModels.picture(BufferedImage.TYPE_BYTE_GRAY, SIDE, SIDE, 3);
        BufferedImage pastiche = RandomModels.picture(BufferedImage.TYPE_INT_RGB, SIDE, SIDE, 4);
        BufferedImage result = ColourPreservation.applyInPlace(photo, pastiche);
        assertThat(result).isSameAs(pastiche);
        int rgb = result.getRGB(5, 6);
        assertThat(rgb >> 16 & 0xff).isEqualTo(rgb >> 8 & 0xff).isEqualTo(rgb & 0xff);
    }

    @Test
    void thePastichesAlphaIsKept() {
        BufferedImage photo = RandomModels.picture(BufferedImage.TYPE_INT_ARGB, SIDE, SIDE, 5);
        BufferedImage pastiche = RandomModels.picture(BufferedImage.TYPE_INT_ARGB, SIDE, SIDE, 6);
        BufferedImage result = ColourPreservation.apply(photo, pastiche);
        assertThat(result.getColorModel().hasAlpha()).isTrue();
        assertThat(result.getRGB(7, 8) >>> 24).isEqualTo(pastiche.getRGB(7, 8) >>> 24);
    }

    @Test
    void sizesThatDifferAreRefused() {
        assertThatThrownBy(() -> ColourPreservation.apply(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB),
                new BufferedImage(3, 4, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x4").hasMessageContaining("4x3");
    }

    /** Whether the photo's pixel moved by {@code shift} on every channel stays inside 0..255, unclamped. */
    private static boolean fits(int rgb, double shift) {
        for (int c : new int[] {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff}) {
            if (c + shift < 0.5 || c + shift > 254.5) {
                return false;
            }
        }
        return true;
    }

    private static double cb(int rgb) {
        return -0.168736 * (rgb >> 16 & 0xff) - 0.331264 * (rgb >> 8 & 0xff) + 0.5 * (rgb & 0xff);
    }

    private static double cr(int rgb) {
        return 0.5 * (rgb >> 16 & 0xff) - 0.418688 * (rgb >> 8 & 0xff) - 0.081312 * (rgb & 0xff);
    }
}
