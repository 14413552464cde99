package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {

    @Test
    void rgbRoundTripsExactlyThroughTheTensor() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x102030);
        image.setRGB(2, 1, 0xffee01);
        Tensor t = ImageTensors.toTensor(List.of(image));
        assertThat(t.shape()).containsExactly(1, 3, 2, 3);
        assertThat(t.data()[t.index(0, 0, 0, 0)]).isEqualTo(0x10 / 255f);
        assertThat(t.data()[t.index(0, 2, 1, 2)]).isEqualTo(0x01 / 255f);
        BufferedImage back = ImageTensors.toImage(t, 0, image);
        assertThat(back.getRGB(0, 0) & 0xffffff).isEqualTo(0x102030);
        assertThat(back.getRGB(2, 1) & 0xffffff).isEqualTo(0xffee01);
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void greyIsReadFromTheRasterWithoutGammaConversion() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128);
        grey.getRaster().setSample(1, 0, 0, 255);
        Tensor t = ImageTensors.toTensor(List.of(grey));
        assertThat(t.data()).containsExactly(128 / 255f, 1f, 128 / 255f, 1f, 128 / 255f, 1f);
        BufferedImage grey16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 65535);
        assertThat(ImageTensors.toTensor(List.of(grey16)).data()).containsOnly(1f);
    }

    @Test
    void alphaIsCopiedAndOutputIsCroppedAndClamped() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(1, 1, 0x7f000000);
        float[] data = new float[3 * 4 * 4];
        java.util.Arrays.fill(data, 2f);
        data[0] = Float.NaN;
        data[1] = -1f;
        BufferedImage out = ImageTensors.toImage(new Tensor(data, 1, 3, 4, 4), 0, image);
        assertThat(out.getWidth()).isEqualTo(2);
        assertThat(out.getRGB(1, 1) >>> 24).isEqualTo(0x7f);
        assertThat(out.getRGB(0, 0)).isEqualTo(0x0000ffff); // alpha 0, red NaN -> 0, green/blue clamp to 255
        assertThat((out.getRGB(1, 0) >> 16) & 0xff).isEqualTo(0);
    }
}
