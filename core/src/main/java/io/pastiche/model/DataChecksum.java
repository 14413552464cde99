package io.pastiche.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The integrity check of a safetensors file pastiche writes: the SHA-256 of its data section (every byte after
 * the header), as 64 lowercase hexadecimal digits in the {@code __metadata__} entry {@value #KEY}. The container
 * checks cannot see a changed byte inside the data; this can. Files without the entry (written by other tools,
 * or before pastiche wrote it) are read without the check.
 */
final class DataChecksum {

    /** The {@code __metadata__} key. */
    static final String KEY = "data_sha256";

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final MessageDigest digest;

    DataChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Adds the buffer's remaining bytes; its position moves to its limit. */
    void update(ByteBuffer bytes) {
        digest.update(bytes);
    }

    /** The checksum of everything added, as the metadata holds it. */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether a metadata value has the form of a checksum. */
    static boolean wellFormed(String value) {
        return HEX.matcher(value).matches();
    }
}
