package io.pastiche.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The input arguments of {@code stylize} expanded into image files: a folder stands for its images. */
final class Inputs {

    private Inputs() {
    }

    /**
     * Files as given; each folder replaced by its images ({@code .jpg .jpeg .png .bmp}, any case, not hidden, not
     * in subfolders), sorted by name. The same file given twice is used once.
     *
     * @throws NoSuchFileException if an argument does not exist
     * @throws CliException        if a folder holds no images
     */
    static List<Path> expand(List<Path> arguments) throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> images = new ArrayList<>();
        for (Path argument : arguments) {
            List<Path> found;
            if (Files.isDirectory(argument)) {
                try (Stream<Path> children = Files.list(argument)) {
                    found = children.filter(p -> Files.isRegularFile(p) && FileNames.isImage(p)).sorted().toList();
                }
                if (found.isEmpty()) {
                    throw new CliException("no images (" + String.join(", ", sorted(FileNames.READABLE_EXTENSIONS))
                            + ") in folder " + argument);
                }
            } else if (Files.exists(argument)) {
                found = List.of(argument);
            } else {
                throw new NoSuchFileException(argument.toString());
            }
            for (Path image : found) {
                if (seen.add(image.toAbsolutePath().normalize())) {
                    images.add(image);
                }
            }
        }
        return images;
    }

    private static List<String> sorted(Set<String> extensions) {
        return extensions.stream().sorted().map(e -> "." + e).toList();
    }
}
