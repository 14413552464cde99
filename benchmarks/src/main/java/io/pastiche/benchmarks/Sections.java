package io.pastiche.benchmarks;

import io.pastiche.files.AtomicWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated section of a markdown file: what lies between two marker lines, replaced atomically. */
final class Sections {

    private Sections() {
    }

    /** Replaces what lies between the markers of {@code document} with {@code section}. */
    static String replace(String document, String begin, String end, String section) {
        int b = document.indexOf(begin);
        int e = document.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("the file has no section between '" + begin + "' and '" + end
                    + "' (on lines of their own, in that order)");
        }
        String body = section.endsWith("\n") ? section : section + "\n";
        return document.substring(0, b + begin.length()) + "\n" + body + document.substring(e);
    }

    /** Writes the section into the file's marked place: a temporary file in the same folder, then a rename. */
    static void write(Path file, String begin, String end, String section) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file.toAbsolutePath() + " does not exist: run from the repository's root, "
                    + "or give --output (or --no-write)");
        }
        String updated = replace(Files.readString(file, StandardCharsets.UTF_8), begin, end, section);
        byte[] bytes = updated.getBytes(StandardCharsets.UTF_8);
        AtomicWrite.write(file, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }
}
