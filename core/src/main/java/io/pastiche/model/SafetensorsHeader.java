package io.pastiche.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated header of a safetensors file: its tensor entries, in header order, and its {@code __metadata__}
 * string map if it has one. {@link #parse} accepts only a header whose every entry is well formed (F32, F16 or
 * BF16; shape and offsets agree) and whose entries tile the data exactly. Immutable.
 */
public final class SafetensorsHeader {

    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;
    private final long dataLength;

    private SafetensorsHeader(Map<String, TensorEntry> tensors, Map<String, String> metadata, long dataLength) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.dataLength = dataLength;
    }

    /**
     * Parses and validates a header.
     *
     * @param json       the header bytes, UTF-8 JSON, possibly padded with trailing spaces
     * @param dataLength the number of bytes after the header, which the tensors must tile exactly
     * @param file       names the file in error messages
     * @return the header
     * @throws io.pastiche.ModelFormatException if the header is not valid; the message names the problem
     */
    public static SafetensorsHeader parse(byte[] json, long dataLength, String file) {
        HeaderParser.Parsed parsed = HeaderParser.parse(utf8(json, file), file);
        TensorEntries.checkLayout(file, List.copyOf(parsed.tensors().values()), dataLength);
        return new SafetensorsHeader(parsed.tensors(), parsed.metadata(), dataLength);
    }

    /** Strict decoding: Jackson would guess UTF-16 or UTF-32 from the first bytes, the format says UTF-8 only. */
    private static String utf8(byte[] json, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Problems.of(file, "the header is not valid UTF-8 text",
                    "the file is damaged or is not a safetensors file", e);
        }
    }

    /**
     * The entries in header order.
     *
     * @return the entries; not modifiable
     */
    public List<TensorEntry> tensors() {
        return List.copyOf(tensors.values());
    }

    /**
     * The entry of that name, if the header has one.
     *
     * @param name the tensor's name
     * @return the entry, or empty if there is none (also for {@code __metadata__})
     */
    public Optional<TensorEntry> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The {@code __metadata__} map, if the header has one (safetensors makes it optional; pastiche does not).
     *
     * @return the map, not modifiable, in header order; empty if the header has none
     */
    public Optional<Map<String, String>> metadata() {
        return Optional.ofNullable(metadata);
    }

    /**
     * Bytes of tensor data after the header.
     *
     * @return the length in bytes, which the entries tile exactly
     */
    public long dataLength() {
        return dataLength;
    }
}
