package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.image.BrushScale;
import io.pastiche.image.ColourPreservation;
import io.pastiche.image.ImageFiles;
import io.pastiche.image.PixelBlend;
import io.pastiche.network.NetworkSpec;
import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RenderingTest {

    private static StyleNetwork network;
    private static final BufferedImage PHOTO = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 40, 30, 3);
    private static final StyleMix STYLE = StyleMix.of(1);

    @BeforeAll
    static void load() {
        network = StyleNetwork.of(RandomModels.model(NetworkSpec.standard(0.125), 2, 5),
                LoadOptions.defaults().withBackend("reference"));
    }

    @AfterAll
    static void close() {
        network.close();
    }

    @Test
    void plainIsTheNetworksCall() {
        assertThat(Rendering.PLAIN.isPlain()).isTrue();
        assertThat(png(Rendering.PLAIN.render(network, PHOTO, STYLE))).isEqualTo(png(network.stylize(PHOTO, STYLE)));
    }

    @Test
    void brushScaleThenColoursThenStrength() {
        Rendering rendering = Rendering.PLAIN.withBrushScale(2).withColoursPreserved(true).withStrength(0.4);
        BufferedImage expected = BrushScale.enlarge(PHOTO, network.stylize(BrushScale.reduce(PHOTO, 2), STYLE));
        expected = PixelBlend.apply(PHOTO, ColourPreservation.apply(PHOTO, expected), 0.4);

        assertThat(rendering.isPlain()).isFalse();
        assertThat(png(rendering.render(network, PHOTO, STYLE))).isEqualTo(png(expected));
        assertThat(png(Rendering.PLAIN.withStrength(0).render(network, PHOTO, STYLE))).isEqualTo(png(PHOTO));
    }

    @Test
    void theOwnCallIsGivenThePictureToPaint() {
        int[] size = new int[2];
        Rendering.PLAIN.withBrushScale(2).render(network, PHOTO, painted -> {
            size[0] = painted.getWidth();
            size[1] = painted.getHeight();
            return network.stylize(painted, STYLE);
        });
        assertThat(size).containsExactly(20, 15);
        assertThatThrownBy(() -> Rendering.PLAIN.render(network, PHOTO, painted -> PHOTO.getSubimage(0, 0, 10, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the pastiche is 10x10");
    }

    @Test
    void refusesWhatCannotBeRendered() {
        assertThatThrownBy(() -> Rendering.PLAIN.withStrength(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 0 (the photo) to 1");
        assertThatThrownBy(() -> Rendering.PLAIN.withBrushScale(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Rendering.PLAIN.withBrushScale(20).render(network, PHOTO, STYLE))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("a brush scale of 20 paints the 40x30 picture at 2x2");
    }

    private static byte[] png(BufferedImage image) {
        return ImageFiles.encode(image, "png");
    }
}
