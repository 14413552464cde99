package io.pastiche.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** File name helpers: extensions, stems, and style names made safe to put in a file name. */
final class FileNames {

    /** The image files a folder argument stands for. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private FileNames() {
    }

    /** The lower-case extension without the dot, or "" if the name has none (a leading dot is not one). */
    static String extension(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The name without its extension: {@code tubingen.jpg} gives {@code tubingen}. */
    static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** Whether a folder argument includes this file: an image extension, and not hidden (macOS {@code ._x.jpg}). */
    static boolean isImage(Path path) {
        return !path.getFileName().toString().startsWith(".") && IMAGE_EXTENSIONS.contains(extension(path));
    }

    /** Letters, digits, {@code . _ + -} kept; anything else (slashes, spaces, colons) becomes {@code _}. */
    static String safe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean keep = Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-';
            safe.appendCodePoint(keep ? c : '_');
        });
        return safe.toString();
    }
}
