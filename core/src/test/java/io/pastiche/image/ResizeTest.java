package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void scalesTheLongestSideToTheLimitKeepingTheAspectRatio() {
        BufferedImage landscape = Resize.toFit(new BufferedImage(1000, 600, BufferedImage.TYPE_INT_RGB), 100);
        assertThat(landscape.getWidth()).isEqualTo(100);
        assertThat(landscape.getHeight()).isEqualTo(60);

        BufferedImage portrait = Resize.toFit(new BufferedImage(37, 2300, BufferedImage.TYPE_3BYTE_BGR), 230);
        assertThat(portrait.getHeight()).isEqualTo(230);
        assertThat(portrait.getWidth()).isEqualTo(4);
    }

    @Test
    void leavesSmallerImagesAlone() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        assertThat(Resize.toFit(image, 64)).isSameAs(image);
    }

    @Test
    void averagesFineDetailInsteadOfAliasing() {
        // One-pixel black and white stripes: a good downscale gives grey everywhere, a naive one black or white.
        BufferedImage stripes = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0x000000);
            }
        }
        BufferedImage small = Resize.toFit(stripes, 100);
        for (int x = 5; x < 95; x += 7) {
            int grey = small.getRGB(x, 50) & 0xFF;
            assertThat(grey).as("pixel %d", x).isBetween(100, 155);
        }
    }

    @Test
    void keepsAlpha() {
        BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(255, 0, 0, 128));
        g.fillRect(0, 0, 200, 200);
        g.dispose();
        BufferedImage small = Resize.toFit(image, 50);
        assertThat(small.getColorModel().hasAlpha()).isTrue();
        assertThat(small.getRGB(25, 25) >>> 24).isBetween(120, 136);
    }

    @Test
    void shortestSideGoesToTheGivenLengthKeepingTheAspect() {
        BufferedImage wide = new BufferedImage(1024, 640, BufferedImage.TYPE_INT_RGB);
        BufferedImage scaled = Resize.shortestSideTo(wide, 130);
        assertThat(scaled.getHeight()).isEqualTo(130);
        assertThat(scaled.getWidth()).isEqualTo(208);
        BufferedImage tall = new BufferedImage(100, 300, BufferedImage.TYPE_INT_RGB);
        assertThat(Resize.shortestSideTo(tall, 258).getWidth()).isEqualTo(258);
        assertThat(Resize.shortestSideTo(tall, 258).getHeight()).isEqualTo(774);
        assertThat(Resize.shortestSideTo(tall, 100)).isSameAs(tall);
    }
}
