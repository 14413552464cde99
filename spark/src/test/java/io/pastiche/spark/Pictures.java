package io.pastiche.spark;

import io.pastiche.image.ImageFiles;
import io.pastiche.testkit.RandomModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A folder of small photos for the tests: four good ones (one in a subfolder) and one that is not an image. */
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
}
