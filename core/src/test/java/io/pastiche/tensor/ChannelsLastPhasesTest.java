package io.pastiche.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelsLastPhasesTest {

    @Test
    void everyOutputPixelComesFromItsPhaseAtItsPosition() {
        // two images, 3 x 5 input (odd sizes), 3 channels, maps at offsets inside larger buffers
        int images = 2;
        int height = 3;
        int width = 5;
        int channels = 3;
        float[] phases = new float[7 + images * (height + 1) * (width + 1) * 4 * channels + 2];
        Random random = new Random(3);
        for (int i = 0; i < phases.length; i++) {
            phases[i] = random.nextFloat();
        }
        float[] output = new float[5 + images * 2 * height * 2 * width * channels + 3];
        java.util.Arrays.fill(output, -1f);

        ChannelsLastPhases.interleave(FloatBuffer.wrap(phases), 7, images, height, width, channels,
                FloatBuffer.wrap(output), 5);

        for (int n = 0; n < images; n++) {
            for (int y = 0; y < 2 * height; y++) {
                for (int x = 0; x < 2 * width; x++) {
                    int a = y % 2;
                    int b = x % 2;
                    for (int c = 0; c < channels; c++) {
                        // pixel (2i + a, 2j + b) is phase (a, b) at position (i + a, j + b), as the 2x2 convolution
                        // of the edge-padded input puts it
                        int from = 7 + (((n * (height + 1) + y / 2 + a) * (width + 1) + x / 2 + b) * 4
                                + 2 * a + b) * channels + c;
                        int to = 5 + ((n * 2 * height + y) * 2 * width + x) * channels + c;
                        assertThat(output[to]).as("image %d, pixel (%d, %d), channel %d", n, y, x, c)
                                .isEqualTo(phases[from]);
                    }
                }
            }
        }
        assertThat(output[4]).isEqualTo(-1f);
        assertThat(output[output.length - 3]).as("nothing past the output").isEqualTo(-1f);
    }

    @Test
    void refusesSizesThatDoNotFit() {
        FloatBuffer small = FloatBuffer.allocate(10);
        assertThatThrownBy(() -> ChannelsLastPhases.interleave(small, 0, 1, 2, 2, 1, FloatBuffer.allocate(16), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phases");
        assertThatThrownBy(() -> ChannelsLastPhases.interleave(FloatBuffer.allocate(36), 0, 1, 2, 2, 1, small, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output");
        assertThatThrownBy(() -> ChannelsLastPhases.interleave(small, 0, 1, 0, 2, 1, small, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
