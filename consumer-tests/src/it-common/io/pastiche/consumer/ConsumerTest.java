package io.pastiche.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pastiche.LoadOptions;
import io.pastiche.StyleNetwork;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an application does with pastiche: load the default model on each backend it depends on, stylize a picture
 * through the public API, and get a picture of the same size back. With two backends, both must open in one JVM and
 * agree.
 */
class ConsumerTest {

    private static final List<String> BACKENDS = List.of(System.getProperty("expected.backends").split(","));

    @Test
    void stylizesAPictureOnEveryBackendOnTheClassPath() {
        List<BufferedImage> results = new ArrayList<>();
        for (String backend : BACKENDS) {
            try (StyleNetwork network = StyleNetwork.loadDefault(LoadOptions.defaults().withBackend(backend))) {
                BufferedImage photo = gradient(97, 61);
                BufferedImage pastiche = network.stylize(photo, network.style("the_scream").index());

                assertEquals(backend, network.backend());
                assertEquals(97, pastiche.getWidth());
                assertEquals(61, pastiche.getHeight());
                assertTrue(distinctColours(pastiche) > 100, "a picture, not a flat colour");
                results.add(pastiche);
            }
        }
        for (BufferedImage other : results) {
            assertTrue(maxDifference(results.get(0), other) <= 2, "backends agree within 2 in 0..255");
        }
    }

    @Test
    void theOnlyBackendIsTheDefaultChoice() {
        if (BACKENDS.size() == 1) {
            try (StyleNetwork network = StyleNetwork.loadDefault()) {
                assertEquals(BACKENDS.get(0), network.backend());
            }
        }
    }

    @Test
    void javaCppIsTheVersionBothJavaCppEnginesNeed() throws Exception {
        Class<?> loader;
        try {
            loader = Class.forName("org.bytedeco.javacpp.Loader");
        } catch (ClassNotFoundException e) {
            return; // djl alone: no JavaCPP
        }
        assertEquals("1.5.11", loader.getMethod("getVersion").invoke(null));
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | ((x + y) * 7 & 255));
            }
        }
        return image;
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0,
                image.getWidth())).distinct().count();
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs((p >> shift & 255) - (q >> shift & 255)));
                }
            }
        }
        return max;
    }
}
