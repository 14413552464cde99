package io.pastiche.cli;

import io.pastiche.files.AtomicWrite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** File name helpers: extensions, stems, and style names made safe to put in a file name. */
final class FileNames {

    /** The formats pastiche writes ({@code ImageFiles.write}). */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    /** The image files a folder argument stands for: what pastiche reads (WebP and TIFF through TwelveMonkeys). */
    static final Set<String> READABLE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    /**
     * Endings of image formats pastiche cannot write: {@code -o out.webp} is a mistake to report, not a folder to
     * create.
     */
    static final Set<String> OTHER_IMAGE_EXTENSIONS = Set.of("gif", "webp", "tif", "tiff", "heic", "heif", "avif",
            "jxl", "jp2", "j2k", "jfif", "ico", "tga", "ppm", "pgm", "pbm", "pnm", "psd", "svg", "exr", "hdr",
            "dng", "raw", "pcx", "xcf");

    /** Hex digits of the hash that ends a name too long to spell out: 48 bits, no clash in practice. */
    private static final int HASH_DIGITS = 12;

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
        return !path.getFileName().toString().startsWith(".") && READABLE_EXTENSIONS.contains(extension(path));
    }

    /**
     * {@code <stem>_<label>.<extension>}, or, if that is over {@link AtomicWrite#MAX_NAME_BYTES} bytes, as much of
     * it as fits followed by {@code ~} and a hash of the whole: a stable name, different for every label.
     */
    static String outputName(String stem, String label, String extension) {
        String full = stem + "_" + label;
        String ending = "." + extension;
        if (bytes(full + ending) <= AtomicWrite.MAX_NAME_BYTES) {
            return full + ending;
        }
        String hash = "~" + HexFormat.of().formatHex(sha256(full)).substring(0, HASH_DIGITS);
        int room = AtomicWrite.MAX_NAME_BYTES - bytes(hash + ending);
        StringBuilder start = new StringBuilder();
        for (int i = 0; i < full.length(); ) {
            int codePoint = full.codePointAt(i);
            String next = new String(Character.toChars(codePoint));
            if (bytes(start + next) > room) {
                break;
            }
            start.append(next);
            i += next.length();
        }
        return start + hash + ending;
    }

    /** The length of a name in UTF-8, as the file system counts it. */
    static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
