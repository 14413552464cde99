package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The model bundled in the core jar, read from the class path as a user's application reads it. */
class DefaultModelTest {

    @Test
    void isTheStandardHalfWidthNetworkWithSixteenDescribedPaintings() {
        Model model = DefaultModel.read();

        assertThat(model.spec()).isEqualTo(NetworkSpec.standard(0.5));
        assertThat(model.alpha()).isEqualTo(0.5);
        assertThat(model.styles()).hasSize(16);
        assertThat(model.styles()).allSatisfy(style -> {
            assertThat(style.name()).matches("[a-z_]+");
            assertThat(style.painter()).isNotBlank();
            assertThat(style.source()).contains("public domain");
        });
        assertThat(model.styles().get(0).name()).isEqualTo("great_wave");
        assertThat(model.styles().get(14).name()).isEqualTo("starry_night");
        assertThat(model.styles().get(15).name()).isEqualTo("van_doesburg_composition"); // retrained last
    }

    @Test
    void loadsAndStylizesAndItsStylesDiffer() {
        BufferedImage photo = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 24; x++) {
                photo.setRGB(x, y, (x * 10) << 16 | (y * 12) << 8 | 128);
            }
        }
        try (StyleNetwork network = StyleNetwork.loadDefault(LoadOptions.defaults().withBackend("reference"))) {
            BufferedImage wave = network.stylize(photo, network.style("great_wave").index());
            BufferedImage scream = network.stylize(photo, network.style("the_scream").index());

            assertThat(wave.getWidth()).isEqualTo(24);
            assertThat(wave.getHeight()).isEqualTo(20);
            assertThat(meanAbsoluteDifference(wave, scream)).isGreaterThan(10);
        }
    }

    /** Per channel, in 0..255. */
    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xff) - (q >> shift & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
