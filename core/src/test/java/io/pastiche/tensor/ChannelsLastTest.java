package io.pastiche.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

    @Test
    void writesEveryValueChannelsLastAndReadsThemBack() {
        // 2 images, 5 channels, 13 x 11: positions not a multiple of the block
        int batch = 2;
        int channels = 5;
        int height = 13;
        int width = 11;
        Random random = new Random(5);
        float[] values = new float[batch * channels * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        Tensor tensor = new Tensor(values.clone(), batch, channels, height, width);
        float[] last = new float[values.length];
        ChannelsLast.write(tensor, (index, block, length) -> System.arraycopy(block, 0, last, index, length));
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        assertThat(last[((b * height + y) * width + x) * channels + c])
                                .isEqualTo(values[tensor.index(b, c, y, x)]);
                    }
                }
            }
        }
        Tensor back = ChannelsLast.read((index, block, length) -> System.arraycopy(last, index, block, 0, length),
                batch, channels, height, width);
        assertThat(back).isEqualTo(tensor);
    }
}
