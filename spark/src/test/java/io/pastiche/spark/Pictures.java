package io.pastiche.spark;

import io.pastiche.image.ImageFiles;
import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Photos for the tests: a folder of four small good ones (one in a subfolder) and one that is not an image, or many
 * of one size, for a job that lasts long enough to be interrupted.
 */
final class Pictures {

    static final String BROKEN = "notes.jpg";

    private Pictures() {
    }

    /** Writes the photos; returns the good ones' paths. */
    static List<Path> write(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("trip"));
        List<Path> good = new ArrayList<>();
        int i = 0;
        for (String name : List.of("a.png", "b.png", "c.jpg", "trip/d.png")) {
            BufferedImage picture = RandomModels.picture(BufferedImage.TYPE_INT_RGB, 48 + 8 * i, 40, 11 + i);
            Path file = folder.resolve(name);
            ImageFiles.write(picture, file);
            good.add(file);
            i++;
        }
        Files.writeString(folder.resolve(BROKEN), "not a photo");
        Files.writeString(folder.resolve("readme.txt"), "not an image file name: not read");
        return good;
    }

    /**
     * Writes {@code count} PNG photos of random pixels, {@code photo-01.png} and on, each with a seed of its own.
     *
     * @return their paths
     */
    static List<Path> write(Path folder, int count, int width, int height) throws IOException {
        Files.createDirectories(folder);
        List<Path> photos = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "photo-%02d.png", i));
            ImageFiles.write(RandomModels.picture(BufferedImage.TYPE_INT_RGB, width, height, 100 + i), file);
            photos.add(file);
        }
        return photos;
    }
}
