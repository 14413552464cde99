package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.ImageFormatException;
import io.pastiche.testkit.ImageBytes;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFilesTest {

    @TempDir
    Path dir;

    /** A 32x16 JPEG, left half red, right half blue, with an EXIF orientation tag as a camera writes it. */
    private Path cameraJpeg(int orientation) throws IOException {
        BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 16, 16);
        g.setColor(Color.BLUE);
        g.fillRect(16, 0, 16, 16);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        Path path = dir.resolve("camera" + orientation + ".jpg");
        Files.write(path, ImageBytes.withExifOrientation(jpeg.toByteArray(), orientation));
        return path;
    }

    private static boolean reddish(int rgb) {
        return ((rgb >> 16) & 0xff) > 200 && (rgb & 0xff) < 60;
    }

    @ParameterizedTest(name = "EXIF orientation {0}")
    @CsvSource({
        "1, 32, 16, 2, 8",   // as stored: red on the left
        "3, 32, 16, 29, 8",  // turned 180 degrees: red on the right
        "6, 16, 32, 8, 2",   // turned 90 degrees clockwise: red on top
        "8, 16, 32, 8, 29",  // turned 90 degrees anticlockwise: red at the bottom
        "2, 32, 16, 29, 8",  // mirrored: red on the right
    })
    void photosAreTurnedUprightAsTheirExifSays(int orientation, int width, int height, int redX, int redY)
            throws IOException {
        BufferedImage image = ImageFiles.read(cameraJpeg(orientation));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(reddish(image.getRGB(redX, redY))).as("red at %d,%d", redX, redY).isTrue();
        assertThat(reddish(image.getRGB(width - 1 - redX, height - 1 - redY))).isFalse();
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThatThrownBy(() -> ImageFiles.read(dir.resolve("nothing.jpg"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void textNamedJpgIsAClearError() throws IOException {
        Path fake = dir.resolve("fake.jpg");
        Files.writeString(fake, "this is not a photo");
        assertThatThrownBy(() -> ImageFiles.read(fake))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("fake.jpg is not an image");
    }

    @Test
    void hostileSizeInTheHeaderIsRefusedBeforeDecoding() throws IOException {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, ImageBytes.pngHeader(100_000, 100_000));
        assertThatThrownBy(() -> ImageFiles.read(bomb))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("100000x100000 pixels, more than the limit");
    }

    @Test
    void theSizeComesFromTheHeaderAloneEvenWhenDecodingWouldBeRefused() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), ImageBytes.pngHeader(100_000, 70_000));
        assertThat(ImageFiles.size(bomb)).isEqualTo(new Dimension(100_000, 70_000));
        Path fake = Files.writeString(dir.resolve("fake.png"), "not a picture");
        assertThatThrownBy(() -> ImageFiles.size(fake)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("fake.png is not an image");
        assertThatThrownBy(() -> ImageFiles.size(dir.resolve("missing.png"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writesAtomicallyInTheFormatOfTheName() throws IOException {
        BufferedImage image = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(1, 1, 0x80123456);
        Path png = dir.resolve("out.png");
        ImageFiles.write(image, png);
        assertThat(ImageIO.read(png.toFile()).getRGB(1, 1)).isEqualTo(0x80123456);
        assertThat(Files.getPosixFilePermissions(png)).as("a new file's usual permissions, not owner-only")
                .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        Path jpg = dir.resolve("out.jpg");
        ImageFiles.write(image, jpg);
        assertThat(ImageIO.read(jpg.toFile()).getWidth()).isEqualTo(5);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out.png", "out.jpg");
        }
        assertThatThrownBy(() -> ImageFiles.write(image, dir.resolve("out.tiff")))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining(".png, .jpg");
    }
}
