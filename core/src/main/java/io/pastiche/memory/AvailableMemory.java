package io.pastiche.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much more memory this process can take before an allocation fails or the kernel stops it: the least of the
 * memory the kernel calls available, what the process's memory cgroup (a container's limit) leaves, and what its
 * address-space limit ({@code ulimit -v}) leaves. Read from Linux's {@code /proc} and {@code /sys/fs/cgroup};
 * unknown elsewhere. Thread-safe: every call reads the files anew.
 */
public final class AvailableMemory {

    private AvailableMemory() {
    }

    /**
     * The bytes this process can still allocate, read now.
     *
     * @return the least of the limits the system reports, in bytes; empty where it reports none
     */
    public static OptionalLong now() {
        return now(OptionalLong.empty());
    }

    /**
     * The bytes this process can still allocate, read now, within a limit of the caller's as well (an engine's own,
     * {@code Backend.memoryLeft()}).
     *
     * @param limit bytes the caller allows, or empty
     * @return the least of the limits the system reports and {@code limit}, in bytes; empty where there is none
     */
    public static OptionalLong now(OptionalLong limit) {
        return least(fromMeminfo(read(Path.of("/proc/meminfo"))),
                fromCgroup(read(Path.of("/proc/self/cgroup")), Path.of("/sys/fs/cgroup")),
                fromLimits(read(Path.of("/proc/self/limits")), read(Path.of("/proc/self/status"))), limit);
    }

    /** {@code MemAvailable} of {@code /proc/meminfo}. */
    static OptionalLong fromMeminfo(String meminfo) {
        return kilobytes(meminfo, "MemAvailable:");
    }

    /** The address-space limit of {@code /proc/self/limits} less the {@code VmSize} of {@code /proc/self/status}. */
    static OptionalLong fromLimits(String limits, String status) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max address space")) {
                String[] fields = line.substring("Max address space".length()).trim().split("\\s+");
                if (fields.length == 0 || fields[0].equals("unlimited")) {
                    return OptionalLong.empty();
                }
                OptionalLong used = kilobytes(status, "VmSize:");
                long limit = Long.parseLong(fields[0]);
                return OptionalLong.of(Math.max(0, limit - used.orElse(0)));
            }
        }
        return OptionalLong.empty();
    }

    /** The limit of the process's memory cgroup (v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}) less its use. */
    static OptionalLong fromCgroup(String cgroups, Path root) {
        for (String line : cgroups.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String path = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (parts[1].isEmpty()) { // v2: the unified hierarchy
                OptionalLong left = left(root.resolve(path), "memory.max", "memory.current");
                if (left.isPresent()) {
                    return left;
                }
            } else if (("," + parts[1] + ",").contains(",memory,")) {
                OptionalLong left = left(root.resolve("memory").resolve(path), "memory.limit_in_bytes",
                        "memory.usage_in_bytes");
                if (left.isPresent()) {
                    return left;
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong left(Path dir, String limitFile, String usageFile) {
        String limit = read(dir.resolve(limitFile)).trim();
        String usage = read(dir.resolve(usageFile)).trim();
        if (!limit.matches("\\d+") || !usage.matches("\\d+")) {
            return OptionalLong.empty(); // "max", absent, or unreadable
        }
        long bytes = Long.parseLong(limit);
        if (bytes >= Long.MAX_VALUE / 2) { // cgroup v1 writes "no limit" as a number near 2^63
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, bytes - Long.parseLong(usage)));
    }

    private static OptionalLong kilobytes(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String[] fields = line.substring(key.length()).trim().split("\\s+");
                if (fields.length > 0 && fields[0].matches("\\d+")) {
                    return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong least(OptionalLong... values) {
        OptionalLong least = OptionalLong.empty();
        for (OptionalLong value : values) {
            if (value.isPresent() && (least.isEmpty() || value.getAsLong() < least.getAsLong())) {
                least = value;
            }
        }
        return least;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "";
        }
    }
}
