package io.pastiche.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same folder (so the rename stays on
 * one file system), is forced to disk, and is then renamed over the target. A crash or an error at any point
 * leaves either the old file or the new one, never half of one. No temporary file is left after an error, nor
 * when the JVM is stopped by a signal that runs shutdown hooks (SIGINT, SIGTERM, SIGHUP); only {@code kill -9}
 * or a power cut can leave one, which {@link #removeStale} removes later.
 *
 * <p>Errors name the target, never the temporary file, and a full disk says so in words.
 */
public final class AtomicWrite {

    /** Writes the content to a channel positioned at 0. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param channel an empty temporary file, open for writing at position 0; {@link #write} forces and closes
         *                it
         * @throws IOException if writing fails; the write is then abandoned and the target left as it was
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /** The longest file name, in bytes, of the file systems pastiche runs on (ext4, xfs, btrfs, tmpfs: NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;

    /**
     * How long the shutdown hook lets the writes in progress finish before it deletes their temporary files: a
     * large PNG takes a few seconds to encode, and a command stopping on Ctrl-C may wait for it.
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private static final String MARK = ".pastiche-";
    private static final String END = ".tmp";
    /** {@code .<name, maybe shortened>.pastiche-<16 hex digits>.tmp}: only ours, never a user's {@code .x.tmp}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.pastiche-[0-9a-f]{16}\\.tmp");
    /** The system's words for ENOSPC (glibc, musl and macOS say the same). */
    private static final String NO_SPACE = "No space left on device";

    /** The temporary files being written now, deleted by the shutdown hook if the JVM stops first. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private AtomicWrite() {
    }

    /**
     * Creates or replaces a file atomically, as the class comment describes. Where the file system cannot rename
     * atomically, the temporary file is moved over the target by an ordinary replacing move. Thread-safe: of
     * concurrent writes to one target, one wins whole.
     *
     * @param target  the file to create or replace; its folder must exist
     * @param content writes the new content
     * @throws IOException if the folder is missing or not writable, the disk is full (a
     *                     {@link FileSystemException} whose reason says so), or {@code content} fails; the
     *                     exception names the target, and an existing target is unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp = null;
        try {
            temp = createTemp(folder, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            move(temp, absolute);
            IN_FLIGHT.remove(temp);
            temp = null;
            syncFolder(folder);
        } catch (IOException e) {
            throw aboutTarget(e, absolute, temp);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original error matters more; a stray hidden .tmp file is the lesser harm.
                }
                IN_FLIGHT.remove(temp);
            }
        }
    }

    /**
     * Whether the failure, or any of its causes, is a full disk (ENOSPC).
     *
     * @param failure any exception, or null
     * @return true if it or one of its first 20 causes says "No space left on device"
     */
    public static boolean isNoSpace(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) { // bounded: causes may cycle
            String text = t instanceof FileSystemException e ? e.getReason() : t.getMessage();
            if (text != null && text.contains(NO_SPACE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a file name is that of a temporary file of this class: {@code .<target's name, maybe
     * shortened>.pastiche-<16 hex digits>.tmp}.
     *
     * @param fileName a file name, without its folder
     * @return true if this class could have made it
     */
    public static boolean isTemporary(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Deletes the temporary files of writes that will never finish (their JVM was killed) from a folder: those
     * named as this class names them and not modified for {@code olderThan}. Age, not a process id, decides: a
     * write in progress keeps its temporary file fresh and ends within seconds or minutes, whereas a process id
     * says nothing about writers in other containers or on other machines sharing the folder, and is reused.
     *
     * @param folder    the folder to clean; its subfolders are not searched
     * @param olderThan the least age, by last modification time, of a file to delete
     * @return the files deleted; none if the folder does not exist
     * @throws IOException if the folder cannot be listed, or a file's time read or the file deleted
     */
    public static List<Path> removeStale(Path folder, Duration olderThan) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Instant limit = Instant.now().minus(olderThan);
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (isTemporary(file.getFileName().toString()) && Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(limit)
                        && Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
        }
        return removed;
    }

    /**
     * Not {@link Files#createTempFile}: it creates files readable by the owner only, and the model would keep
     * those permissions after the rename. CREATE_NEW gives the usual permissions of a new file.
     */
    private static Path createTemp(Path folder, String name) throws IOException {
        ShutdownCleanup.ensureInstalled();
        for (int attempt = 0; ; attempt++) {
            String suffix = MARK + String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong()) + END;
            Path temp = folder.resolve("." + shortened(name, MAX_NAME_BYTES - 1 - suffix.length()) + suffix);
            // Tracked before it exists, so that the hook never misses a file it should delete.
            IN_FLIGHT.add(temp);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                IN_FLIGHT.remove(temp);
                if (attempt == 10) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(temp);
                throw e;
            }
        }
    }

    /** The longest start of {@code name} of at most {@code bytes} bytes in UTF-8, cut between code points. */
    private static String shortened(String name, int bytes) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= bytes) {
            return name;
        }
        StringBuilder start = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > bytes) {
                break;
            }
            start.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return start.toString();
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The failure as the user should see it: about the target, not the hidden temporary file the system named,
     * and a full disk in words (a PNG writer says only "I/O error writing PNG file!").
     */
    private static IOException aboutTarget(IOException failure, Path target, Path temp) {
        String file = target.toString();
        IOException mapped;
        if (isNoSpace(failure)) {
            mapped = new FileSystemException(file, null, "no space left on device");
        } else if (failure instanceof FileSystemException e && namesTemporary(e, temp)) {
            if (failure instanceof NoSuchFileException) {
                mapped = new NoSuchFileException(file, null, e.getReason());
            } else if (failure instanceof AccessDeniedException) {
                mapped = new AccessDeniedException(file, null, e.getReason());
            } else {
                mapped = new FileSystemException(file, null, e.getReason());
            }
        } else {
            return failure;
        }
        mapped.initCause(failure);
        return mapped;
    }

    /** Whether the exception names one of this class's temporary files (the rename names it and the target). */
    private static boolean namesTemporary(FileSystemException e, Path temp) {
        String named = e.getFile();
        return named != null && (temp != null && named.equals(temp.toString())
                || isTemporary(Path.of(named).getFileName().toString()));
    }

    /** Makes the rename itself durable where the platform allows opening a folder (POSIX); elsewhere skipped. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; its rename is durable enough for this purpose.
        }
    }

    /**
     * The one shutdown hook: gives the writes in progress when the JVM began to stop {@link #SHUTDOWN_GRACE} to
     * finish (a command that stops on Ctrl-C lets its current file complete), then deletes the temporary files of
     * those that did not. Writes begun later are left alone: a command's own hook makes them (a checkpoint on
     * Ctrl-C) and waits for them.
     */
    private static final class ShutdownCleanup {

        static {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::run, "pastiche-atomic-write-cleanup"));
            } catch (IllegalStateException e) {
                // The first write happens while the JVM is already stopping: the writer itself finishes or fails.
            }
        }

        /** Loads the class, which registers the hook once. */
        static void ensureInstalled() {
        }

        private static void run() {
            List<Path> pending = new ArrayList<>(IN_FLIGHT);
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            try {
                while (pending.stream().anyMatch(IN_FLIGHT::contains) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Path temp : pending) {
                try {
                    // A write that has just renamed its file leaves nothing here to delete.
                    if (IN_FLIGHT.contains(temp)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException ignored) {
                    // Nothing more can be done while the JVM stops; removeStale takes it later.
                }
            }
        }
    }
}
