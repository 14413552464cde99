package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BrushScaleTest {

    @Test
    void reducingDividesEachSideAndScaleOneIsThePhoto() {
        BufferedImage photo = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 301, 200, 1);
        BufferedImage reduced = BrushScale.reduce(photo, 4);
        assertThat(reduced.getWidth()).isEqualTo(75);
        assertThat(reduced.getHeight()).isEqualTo(50);
        assertThat(BrushScale.reduce(photo, 1)).isSameAs(photo);
        assertThatThrownBy(() -> BrushScale.reduce(photo, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BrushScale.reduce(photo, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** What the reduction took from the photo comes back: a "pastiche" that is the reduced photo gives the photo. */
    @Test
    void enlargingTheReducedPhotoItselfGivesThePhotoBack() {
        BufferedImage photo = smooth(160, 120);
        BufferedImage back = BrushScale.enlarge(photo, BrushScale.reduce(photo, 3));
        assertThat(back.getWidth()).isEqualTo(160);
        assertThat(back.getHeight()).isEqualTo(120);
        int worst = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int a = photo.getRGB(x, y);
                int b = back.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    worst = Math.max(worst, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
                }
            }
        }
        // the detail is luma only: a grey photo comes back within rounding
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test
    void theStrokesKeepTheirColoursAndThePhotosAlphaIsKept() {
        BufferedImage photo = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                photo.setRGB(x, y, 120 << 24 | 0x808080);
            }
        }
        BufferedImage pastiche = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                pastiche.setRGB(x, y, 0x3060c0);
            }
        }
        BufferedImage out = BrushScale.enlarge(photo, pastiche);
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(out.getRGB(20, 20) & 0xFFFFFF).isEqualTo(0x3060c0);
        assertThat(out.getRGB(20, 20) >>> 24).isEqualTo(120);
        assertThatThrownBy(() -> BrushScale.enlarge(pastiche, photo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger than the photo");
    }

    /** A grey photo with detail at every scale: a gradient plus a fine checkerboard. */
    private static BufferedImage smooth(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = 60 + x / 2 + ((x + y) % 2 == 0 ? 20 : 0);
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }
}
