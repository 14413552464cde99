package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import io.pastiche.image.Resize;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StyleNetwork on the float64 reference backend of core's tests. */
class StyleNetworkTest {

    private final Model model = RandomModels.model(NetworkSpec.standard(0.125), 3, 1);
    private final StyleNetwork network = StyleNetwork.of(model, LoadOptions.defaults().withBackend("reference"));

    @AfterEach
    void close() {
        network.close();
    }

    private static BufferedImage image(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 40) << 16 | (y * 30) << 8 | (x * y));
            }
        }
        return image;
    }

    @Test
    void outputHasTheInputSizeForSizesThatAreNotMultiplesOfFour() {
        BufferedImage out = network.stylize(image(13, 7), 1);
        assertThat(out.getWidth()).isEqualTo(13);
        assertThat(out.getHeight()).isEqualTo(7);
    }

    @Test
    void stylesDifferAndAStyleEqualsItsMixOfWeightOne() {
        BufferedImage photo = image(9, 9);
        int[] a = pixels(network.stylize(photo, 0));
        assertThat(pixels(network.stylize(photo, 1))).isNotEqualTo(a);
        assertThat(pixels(network.stylize(photo, StyleMix.of(0)))).isEqualTo(a);
        assertThat(pixels(network.stylize(photo, network.mix(Map.of("style0", 1.0))))).isEqualTo(a);
    }

    @Test
    void aBatchOfMixedSizesIsAPasticheExceptionNamingTheSizes() {
        assertThatThrownBy(() -> network.stylize(List.of(image(9, 9), image(9, 9), image(8, 12)), StyleMix.of(0)))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("image 2 is 8x12")
                .hasMessageContaining("image 0 is 9x9");
    }

    @Test
    void tooSmallAfterScalingDownSaysBothSizes() {
        BufferedImage scaled = Resize.toFit(image(160, 120), 1);
        assertThatThrownBy(() -> network.stylize(scaled, 0))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("1x1 pixels, scaled down from 160x120")
                .hasMessageContaining("at least 5x5");
        assertThatThrownBy(() -> network.stylize(image(3, 40), 0))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("the image is 3x40 pixels; this network needs at least 5x5")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("scaled"));
    }

    @Test
    void unknownStylesListTheStylesThereAre() {
        assertThatThrownBy(() -> network.stylize(image(8, 8), 3))
                .isInstanceOf(UnknownStyleException.class)
                .hasMessageContaining("no style 3; the network has 3 styles: 0=style0 1=style1 2=style2");
        assertThatThrownBy(() -> network.style("monet"))
                .isInstanceOf(UnknownStyleException.class)
                .hasMessageContaining("no style named 'monet'");
        assertThatThrownBy(() -> network.stylize(image(8, 8), StyleMix.of(0, 0.5, 7, 0.5)))
                .isInstanceOf(UnknownStyleException.class);
    }

    @Test
    void imagesTooSmallOrTooLargeAreRefusedClearly() {
        assertThatThrownBy(() -> network.stylize(image(4, 30), 0))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("4x30 pixels; this network needs at least 5x5");
        try (StyleNetwork limited = StyleNetwork.of(model,
                LoadOptions.defaults().withBackend("reference").withMaxPixels(100))) {
            assertThatThrownBy(() -> limited.stylize(image(11, 10), 0))
                    .isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("more than the limit of 100");
        }
    }

    @Test
    void closedNetworkRefusesWork() {
        network.close();
        network.close();
        assertThatThrownBy(() -> network.stylize(image(8, 8), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownBackendIsAClearError() {
        assertThatThrownBy(() -> StyleNetwork.of(model, LoadOptions.defaults().withBackend("nope")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("no backend named 'nope'")
                .hasMessageContaining("reference (rank -100): available");
    }

    @Test
    void savedNetworkLoadsBackWithTheSameStylesAndPixels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.safetensors");
        network.save(file);
        try (StyleNetwork loaded = StyleNetwork.load(file, LoadOptions.defaults().withBackend("reference"))) {
            assertThat(loaded.styles()).isEqualTo(network.styles());
            BufferedImage photo = image(10, 6);
            assertThat(pixels(loaded.stylize(photo, 2))).isEqualTo(pixels(network.stylize(photo, 2)));
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
