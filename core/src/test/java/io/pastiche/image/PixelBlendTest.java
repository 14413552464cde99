package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PixelBlendTest {

    @Test
    void strengthZeroIsThePhotoAndOneThePastiche() {
        BufferedImage photo = image(0x102030, 0xff);
        BufferedImage pastiche = image(0xf0e0d0, 0xff);
        assertThat(PixelBlend.apply(photo, pastiche, 0).getRGB(1, 1) & 0xffffff).isEqualTo(0x102030);
        assertThat(PixelBlend.apply(photo, pastiche, 1).getRGB(1, 1) & 0xffffff).isEqualTo(0xf0e0d0);
        assertThat(PixelBlend.apply(photo, pastiche, 0.5).getRGB(1, 1) & 0xffffff).isEqualTo(0x808080);
    }

    @Test
    void everyChannelMovesMonotonicallyFromThePhotoToThePastiche() {
        int a = 0x00ff40;
        int b = 0xff0040;
        int previousRed = -1;
        int previousGreen = 256;
        for (int i = 0; i <= 100; i++) {
            int rgb = PixelBlend.blend(a, b, i / 100.0);
            assertThat(rgb >> 16 & 0xff).isGreaterThanOrEqualTo(previousRed);
            assertThat(rgb >> 8 & 0xff).isLessThanOrEqualTo(previousGreen);
            assertThat(rgb & 0xff).isEqualTo(0x40);
            previousRed = rgb >> 16 & 0xff;
            previousGreen = rgb >> 8 & 0xff;
        }
    }

    @Test
    void inPlaceOverwritesThePasticheAndKeepsItsAlpha() {
        BufferedImage photo = image(0x000000, 0xff);
        BufferedImage pastiche = image(0xc8c8c8, 0x40);
        assertThat(PixelBlend.applyInPlace(photo, pastiche, 0.25)).isSameAs(pastiche);
        assertThat(pastiche.getRGB(0, 0)).isEqualTo(0x40323232);
    }

    @Test
    void strengthsOutsideZeroToOneAndSizesThatDifferAreRefused() {
        BufferedImage photo = image(0, 0xff);
        for (double strength : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> PixelBlend.apply(photo, photo, strength))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
        }
        assertThatThrownBy(() -> PixelBlend.apply(photo, new BufferedImage(2, 3, BufferedImage.TYPE_INT_RGB), 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3");
    }

    private static BufferedImage image(int rgb, int alpha) {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                image.setRGB(x, y, alpha << 24 | rgb);
            }
        }
        return image;
    }
}
