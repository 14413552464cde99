package io.pastiche.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ChannelsLastPadTest {

    @Test
    void reflectsWithoutTheEdgeAndRepeatsTheEdge() {
        // one image of two rows, (a b c) and (d e f), two channels each: a = (1, 10) ... f = (6, 60)
        float[] map = {1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60};
        float[] reflected = new float[4 * 5 * 2];
        float[] edge = new float[6 * 7 * 2];

        ChannelsLastPad.pad(FloatBuffer.wrap(map), 0, 1, 2, 3, 2, 1, ChannelsLastPad.Mode.REFLECT,
                FloatBuffer.wrap(reflected), 0);
        ChannelsLastPad.pad(FloatBuffer.wrap(map), 0, 1, 2, 3, 2, 2, ChannelsLastPad.Mode.EDGE,
                FloatBuffer.wrap(edge), 0);

        // reflect by 1: e d e f e / b a b c b / e d e f e / b a b c b
        assertThat(slice(reflected, 0, 10)).containsExactly(5, 50, 4, 40, 5, 50, 6, 60, 5, 50);
        assertThat(slice(reflected, 10, 10)).containsExactly(2, 20, 1, 10, 2, 20, 3, 30, 2, 20);
        assertThat(slice(reflected, 20, 10)).containsExactly(5, 50, 4, 40, 5, 50, 6, 60, 5, 50);
        assertThat(slice(reflected, 30, 10)).containsExactly(2, 20, 1, 10, 2, 20, 3, 30, 2, 20);
        // edge by 2: three rows a a a b c c c, then three rows d d d e f f f
        for (int r = 0; r < 3; r++) {
            assertThat(slice(edge, r * 14, 14)).containsExactly(1, 10, 1, 10, 1, 10, 2, 20, 3, 30, 3, 30, 3, 30);
            assertThat(slice(edge, (r + 3) * 14, 14)).containsExactly(4, 40, 4, 40, 4, 40, 5, 50, 6, 60, 6, 60,
                    6, 60);
        }
    }

    @Test
    void agreesWithTheDefinitionOnEveryImageAndOffset() {
        int images = 2;
        int height = 5;
        int width = 7;
        int channels = 3;
        int start = 4;
        float[] map = new float[start + images * height * width * channels];
        for (int i = 0; i < map.length; i++) {
            map[i] = i;
        }
        for (ChannelsLastPad.Mode mode : ChannelsLastPad.Mode.values()) {
            for (int p = 0; p <= 3; p++) {
                int h = height + 2 * p;
                int w = width + 2 * p;
                float[] padded = new float[1 + images * h * w * channels];

                ChannelsLastPad.pad(FloatBuffer.wrap(map), start, images, height, width, channels, p, mode,
                        FloatBuffer.wrap(padded), 1);

                for (int b = 0; b < images; b++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int sy = source(y - p, height, mode);
                            int sx = source(x - p, width, mode);
                            for (int c = 0; c < channels; c++) {
                                assertThat(padded[1 + ((b * h + y) * w + x) * channels + c])
                                        .as("%s by %d at image %d (%d, %d) channel %d", mode, p, b, y, x, c)
                                        .isEqualTo(map[start + ((b * height + sy) * width + sx) * channels + c]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesAReflectionWiderThanTheMapAndShortBuffers() {
        FloatBuffer map = FloatBuffer.wrap(new float[2 * 2]);
        assertThatThrownBy(() -> ChannelsLastPad.pad(map, 0, 1, 2, 2, 1, 2, ChannelsLastPad.Mode.REFLECT,
                FloatBuffer.wrap(new float[36]), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3");
        assertThatThrownBy(() -> ChannelsLastPad.pad(map, 0, 1, 2, 2, 1, 1, ChannelsLastPad.Mode.EDGE,
                FloatBuffer.wrap(new float[15]), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room for 16");
    }

    /** The definition: mirrored about the edge pixel (reflect), or clamped to it (edge). */
    private static int source(int i, int n, ChannelsLastPad.Mode mode) {
        if (mode == ChannelsLastPad.Mode.EDGE) {
            return Math.max(0, Math.min(n - 1, i));
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    private static float[] slice(float[] values, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(values, from, out, 0, length);
        return out;
    }
}
