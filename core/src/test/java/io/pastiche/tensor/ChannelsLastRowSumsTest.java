package io.pastiche.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelsLastRowSumsTest {

    @Test
    void sumsEachKernelRowsGroupFromTheRowItShiftsTo() {
        // one image, 3 rows x 1 pixel, 2 kernel rows of 1 channel, a third channel the sums must not read
        float[] map = {1, 10, 100, 2, 20, 200, 3, 30, 300};
        float[] out = new float[2];

        ChannelsLastRowSums.sum(FloatBuffer.wrap(map), 0, 1, 3, 1, 3, 2, 1, FloatBuffer.wrap(out), 0);

        // row 0: group 0 of row 0 + group 1 of row 1 = 1 + 20; row 1: 2 + 30
        assertThat(out).containsExactly(21, 32);
    }

    @ParameterizedTest
    // 3 images of 6 output rows: the common pool's runs of rows then cross from one image into the next
    @CsvSource({"2, 11", "3, 9"})
    void agreesWithTheDefinitionOnEveryImageAndOffset(int images, int height) {
        int width = 5;
        int rows = 4;
        int outChannels = 3;
        int channels = 16;
        int start = 3;
        float[] map = new float[start + images * height * width * channels];
        for (int i = 0; i < map.length; i++) {
            map[i] = (i * 37 % 101) / 8f;
        }
        int outHeight = height - rows + 1;
        float[] out = new float[2 + images * outHeight * width * outChannels];

        ChannelsLastRowSums.sum(FloatBuffer.wrap(map), start, images, height, width, channels, rows, outChannels,
                FloatBuffer.wrap(out), 2);

        for (int b = 0; b < images; b++) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < width; x++) {
                    for (int o = 0; o < outChannels; o++) {
                        float expected = 0;
                        for (int h = 0; h < rows; h++) {
                            expected += map[start + ((b * height + y + h) * width + x) * channels + h * outChannels + o];
                        }
                        assertThat(out[2 + ((b * outHeight + y) * width + x) * outChannels + o]).isEqualTo(expected);
                    }
                }
            }
        }
        assertThat(out[0]).isZero();
        assertThat(out[1]).isZero();
    }

    @Test
    void refusesSizesThatDoNotFit() {
        FloatBuffer map = FloatBuffer.allocate(2 * 3 * 8);
        FloatBuffer out = FloatBuffer.allocate(100);

        assertThatThrownBy(() -> ChannelsLastRowSums.sum(map, 0, 1, 2, 3, 8, 3, 2, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least as many rows");
        assertThatThrownBy(() -> ChannelsLastRowSums.sum(map, 0, 1, 2, 3, 8, 2, 5, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x 5 channels");
        assertThatThrownBy(() -> ChannelsLastRowSums.sum(map, 1, 1, 2, 3, 8, 2, 2, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the buffers hold");
    }
}
