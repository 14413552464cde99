package io.pastiche.cli;

import io.pastiche.files.AtomicWrite;
import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where {@code stylize} writes: one file, or a folder of {@code <input-stem>_<style>.<format>} files.
 *
 * <p>{@code -o} names a file if it ends in an image extension ({@code .png .jpg .jpeg .bmp}) and is not an
 * existing folder; otherwise a folder, created if missing (a trailing slash always means a folder). Without
 * {@code -o}, the current folder. Output names: {@code tubingen.jpg} in style {@code starry_night} gives
 * {@code tubingen_starry_night.png}; a mix gives {@code tubingen_starry_night-0.7+the_scream-0.3.png}, its
 * weights written exactly, and a hash ends a name that would be too long. The format is PNG (lossless) unless
 * {@code --format jpg}; the input's format is not kept, since a pastiche is a new image. An image extension that
 * pastiche cannot write ({@code -o out.webp}) is refused.
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
        boolean trailingSlash = option.endsWith("/") || option.endsWith(File.separator);
        if (!trailingSlash && !Files.isDirectory(path) && FileNames.OTHER_IMAGE_EXTENSIONS.contains(extension)) {
            throw new IllegalArgumentException("-o " + option + ": pastiche writes PNG (.png), JPEG (.jpg, .jpeg) "
                    + "and BMP (.bmp) images, not ." + extension + "; name the output .png or .jpg (or end it "
                    + "with / for a folder of that name)");
        }
        boolean folder = trailingSlash || Files.isDirectory(path) || !FileNames.IMAGE_EXTENSIONS.contains(extension);
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

    /**
     * The output file of each input, in input order, every one decided before any work: refused (naming the
     * files) if a name is too long for the file system, if an output would replace any input (not only its own),
     * if two inputs would write one file, or if an output exists and {@code force} is not given.
     *
     * @throws CliException naming the files
     */
    Map<Path, Path> plan(List<Path> inputs, String styleLabel, boolean force) {
        Map<Path, Path> plan = new LinkedHashMap<>();
        Map<Path, Path> byTarget = new HashMap<>();
        Map<Path, Path> inputSet = new HashMap<>();
        for (Path input : inputs) {
            inputSet.put(key(input), input);
        }
        List<Path> existing = new ArrayList<>();
        for (Path input : inputs) {
            Path target = file != null ? file
                    : folder.resolve(FileNames.outputName(FileNames.stem(input), styleLabel, extension));
            checkNameLengths(target);
            Path key = key(target);
            Path overwritten = inputSet.get(key);
            if (overwritten != null) {
                throw new CliException(overwritten.equals(input)
                        ? "refusing to overwrite the input " + input + " with its pastiche; choose another output "
                        + "(-o)"
                        : "refusing to overwrite the input " + overwritten + " with the pastiche of " + input
                        + "; choose another output folder (-o)");
            }
            Path other = byTarget.putIfAbsent(key, input);
            if (other != null) {
                throw new CliException(other + " and " + input + " would both be written to " + target
                        + "; stylize them into separate folders (-o)");
            }
            if (Files.isDirectory(target)) {
                throw new CliException("cannot write " + target + ": it is a folder");
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                existing.add(target);
            }
            plan.put(input, target);
        }
        if (!existing.isEmpty() && !force) {
            throw new CliException(describe(existing) + (existing.size() == 1 ? " exists" : " exist")
                    + "; use --force to replace " + (existing.size() == 1 ? "it" : "them") + ", or -o another "
                    + (file != null ? "file" : "folder"));
        }
        return plan;
    }

    /**
     * Creates the output folder if missing and checks that files can be written into it, before any work; removes
     * the temporary files that writes killed there long ago left.
     *
     * @return the stale temporary files removed
     * @throws CliException if the folder cannot be made or written into
     */
    List<Path> prepare() throws IOException {
        Path dir = folder();
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new CliException("cannot write into " + dir + ": it is a file, not a folder");
        }
        try {
            Files.createDirectories(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("cannot create the folder " + dir + ": " + e.getFile() + " is a file", e);
        } catch (FileSystemException e) {
            throw new CliException("cannot create the folder " + dir + ": " + ErrorHandler.describe(e), e);
        }
        if (Files.getFileStore(absolute).getUsableSpace() == 0) {
            throw new CliException("cannot write into " + dir + ": no space left on device");
        }
        probe(dir, absolute);
        return Leftovers.remove(List.of(absolute));
    }

    /**
     * Creates and deletes a file in the folder: the one check that tells permissions, a read-only file system
     * and root's rights apart as the writes will meet them. Named as AtomicWrite names its temporaries, so that
     * a probe a crash left behind is removed as stale like them.
     */
    private static void probe(Path dir, Path absolute) {
        String name = ".write-check.pastiche-" + String.format(Locale.ROOT, "%016x",
                ThreadLocalRandom.current().nextLong()) + ".tmp";
        try {
            Files.newByteChannel(absolute.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE).close();
        } catch (AccessDeniedException e) {
            throw new CliException("cannot write into " + dir + ": permission denied", e);
        } catch (FileSystemException e) {
            String reason = AtomicWrite.isNoSpace(e) ? "no space left on device"
                    : e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            throw new CliException("cannot write into " + dir + ": " + reason, e);
        } catch (IOException e) {
            throw new CliException("cannot write into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every element of the path (the folders and the name) fits the file system's limit. */
    private static void checkNameLengths(Path target) {
        for (Path element : target) {
            if (FileNames.bytes(element.toString()) > AtomicWrite.MAX_NAME_BYTES) {
                throw new CliException("cannot write " + target + ": the name " + element + " is longer than "
                        + AtomicWrite.MAX_NAME_BYTES + " bytes, the most a file system allows");
            }
        }
    }

    private static String describe(List<Path> files) {
        int shown = Math.min(files.size(), 3);
        String names = String.join(", ", files.subList(0, shown).stream().map(Path::toString).toList());
        return files.size() > shown ? names + " and " + (files.size() - shown) + " more" : names;
    }

    /**
     * What tells two paths of one file apart from two files: the real path of the folder (through symbolic links,
     * so that {@code -o link-to-photos/} is seen to be the photos' folder) and the name.
     */
    private static Path key(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            return absolute;
        }
        try {
            return parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute; // a folder yet to be made holds no input
        }
    }
}
