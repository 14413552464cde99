package io.pastiche.serve;

import io.pastiche.image.ImageFiles;
import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Photos for the tests: the repository's sample photo, and pictures of random pixels of any size as JPEG bytes. */
final class Photos {

    /** The sample photo of the README (451 x 300). */
    static final Path SAMPLE = Path.of("..", "examples", "images", "chelsea.jpg");

    private Photos() {
    }

    static byte[] sample() {
        try {
            return Files.readAllBytes(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A picture of the given size, encoded as JPEG. */
    static byte[] jpeg(int width, int height) {
        BufferedImage picture = RandomModels.picture(BufferedImage.TYPE_INT_RGB, width, height, 7);
        return ImageFiles.encode(picture, "jpg");
    }
}
