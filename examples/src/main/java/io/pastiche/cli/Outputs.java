package io.pastiche.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code stylize} writes: one file, or a folder of {@code <input-stem>_<style>.<format>} files.
 *
 * <p>{@code -o} names a file if it ends in an image extension ({@code .png .jpg .jpeg .bmp}) and is not an
 * existing folder; otherwise a folder, created if missing (a trailing slash always means a folder). Without
 * {@code -o}, the current folder. Output names: {@code tubingen.jpg} in style {@code starry_night} gives
 * {@code tubingen_starry_night.png}; a mix gives {@code tubingen_starry_night-0.7+monet-0.3.png}. The format is
 * PNG (lossless) unless {@code --format jpg}; the input's format is not kept, since a pastiche is a new image.
 */
final class Outputs {

    /** The formats {@code --format} offers. */
    enum Format {
        png, jpg;

        static Format ofExtension(String extension) {
            return switch (extension) {
                case "png" -> png;
                case "jpg", "jpeg" -> jpg;
                default -> null;
            };
        }
    }

    private final Path file;
    private final Path folder;
    private final String extension;

    private Outputs(Path file, Path folder, String extension) {
        this.file = file;
        this.folder = folder;
        this.extension = extension;
    }

    /**
     * Interprets {@code -o}.
     *
     * @param option          the {@code -o} value, or null for the current folder
     * @param format          {@code --format}, or null for PNG (or the file's extension)
     * @param singleFileInput whether there is exactly one input argument and it is a file, not a folder
     * @throws IllegalArgumentException with a message for the user, for a usage error
     */
    static Outputs of(String option, Format format, boolean singleFileInput) {
        if (option == null || option.isEmpty()) {
            return new Outputs(null, Path.of(""), (format == null ? Format.png : format).name());
        }
        Path path = Path.of(option);
        String extension = FileNames.extension(path);
        boolean folder = option.endsWith("/") || option.endsWith(File.separator) || Files.isDirectory(path)
                || !(FileNames.IMAGE_EXTENSIONS.contains(extension));
        if (folder) {
            return new Outputs(null, path, (format == null ? Format.png : format).name());
        }
        if (!singleFileInput) {
            throw new IllegalArgumentException("-o " + option + " names a file, which takes one input image; for "
                    + "several images or a folder, give an output folder (for example -o out/)");
        }
        if (format != null && Format.ofExtension(extension) != format) {
            throw new IllegalArgumentException("--format " + format + " contradicts -o " + option
                    + "; the file name's extension sets the format");
        }
        return new Outputs(path, null, extension);
    }

    /** Whether the output is one named file. */
    boolean isFile() {
        return file != null;
    }

    /** The folder written into (the parent of the file, for a file). */
    Path folder() {
        if (file != null) {
            Path parent = file.toAbsolutePath().getParent();
            return parent == null ? Path.of("") : parent;
        }
        return folder;
    }

    /** The output file of each input, in input order. */
    Map<Path, Path> plan(List<Path> inputs, String styleLabel) {
        Map<Path, Path> plan = new LinkedHashMap<>();
        Map<Path, Path> byTarget = new HashMap<>();
        for (Path input : inputs) {
            Path target = file != null ? file
                    : folder.resolve(FileNames.stem(input) + "_" + styleLabel + "." + extension);
            Path key = target.toAbsolutePath().normalize();
            if (key.equals(input.toAbsolutePath().normalize())) {
                throw new CliException("refusing to overwrite the input " + input + " with its pastiche; choose "
                        + "another output (-o)");
            }
            Path other = byTarget.putIfAbsent(key, input);
            if (other != null) {
                throw new CliException(other + " and " + input + " would both be written to " + target
                        + "; stylize them into separate folders (-o)");
            }
            plan.put(input, target);
        }
        return plan;
    }

    /** Creates the output folder if missing. */
    void prepare() throws IOException {
        Path dir = folder();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException("cannot write into " + dir + ": it is a file, not a folder");
        }
        Files.createDirectories(dir);
    }
}
