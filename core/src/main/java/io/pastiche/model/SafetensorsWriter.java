package io.pastiche.model;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a safetensors file: {@code __metadata__} first, then the tensors in the order they were added, their
 * data packed end to end in that same order, so that the same model always gives the same bytes. The header is
 * padded with spaces to a multiple of 8 bytes, which aligns the data start for readers that map it. The metadata
 * gets the SHA-256 of the data ({@code data_sha256}), which readers check, so that damage inside the data is
 * found. Only finite values are written: NaN or infinity in a model would make every pastiche black or flat.
 */
public final class SafetensorsWriter {

    private static final int CHUNK_ELEMENTS = 16 * 1024;

    private record Tensor(String name, long[] shape, float[] values) {
    }

    private final DType dtype;
    private final Map<String, String> metadata;
    private final List<Tensor> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /**
     * A writer with no tensors yet.
     *
     * @param dtype    the type every tensor is stored in
     * @param metadata the {@code __metadata__} map; copied, in its iteration order
     */
    public SafetensorsWriter(DType dtype, Map<String, String> metadata) {
        this.dtype = dtype;
        this.metadata = new LinkedHashMap<>(metadata);
    }

    /**
     * Adds a tensor; {@code values} is row-major and not copied, so leave it unchanged until written.
     *
     * @param name   the tensor's name in the header; not {@code __metadata__}
     * @param shape  its dimensions, none negative; copied
     * @param values its elements, row-major, as many as the shape holds
     * @return this writer
     * @throws IllegalArgumentException if the name is taken, the shape does not fit the values, or a value is NaN,
     *                                  infinite, or beyond the range of this writer's dtype (F16: ±65504)
     */
    public SafetensorsWriter add(String name, long[] shape, float[] values) {
        if (name.equals(HeaderParser.METADATA) || !names.add(name)) {
            throw new IllegalArgumentException("tensor name already used or reserved: " + name);
        }
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in " + Problems.shape(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Problems.shape(shape) + " needs " + count
                    + " values, got " + values.length);
        }
        checkFinite(name, values);
        tensors.add(new Tensor(name, shape.clone(), values));
        return this;
    }

    private void checkFinite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            float value = values[i];
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException(name + ": " + value + " at index " + i + "; a model with NaN or "
                        + "infinite values would give black or single-colour images, so it is not written");
            }
            float stored = switch (dtype) {
                case F32 -> value;
                case F16 -> HalfFloats.f16ToFloat(HalfFloats.floatToF16(value));
                case BF16 -> HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(value));
            };
            if (Float.isInfinite(stored)) {
                throw new IllegalArgumentException(name + ": " + value + " at index " + i + " is beyond the range "
                        + "of " + dtype + " (F16: largest 65504) and would be stored as infinity; write this model as "
                        + "F32");
            }
        }
    }

    /**
     * Writes the whole file to {@code out}, from its current position: header, then data. The channel is not
     * closed.
     *
     * @param out where the bytes go
     * @throws IOException if writing to {@code out} fails
     */
    public void writeTo(WritableByteChannel out) throws IOException {
        // The data is encoded twice, to hash it and to write it, so that it never has to be held whole.
        DataChecksum checksum = new DataChecksum();
        encodeData(checksum::update);
        byte[] json = header(checksum.hex()).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(Long.BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        writeFully(out, head.flip());
        encodeData(chunk -> writeFully(out, chunk));
    }

    private interface Sink {
        void accept(ByteBuffer bytes) throws IOException;
    }

    /** Passes the data section to {@code sink} in chunks; each chunk is consumed before the next is filled. */
    private void encodeData(Sink sink) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor tensor : tensors) {
            for (float value : tensor.values()) {
                switch (dtype) {
                    case F32 -> chunk.putFloat(value);
                    case F16 -> chunk.putShort(HalfFloats.floatToF16(value));
                    case BF16 -> chunk.putShort(HalfFloats.floatToBf16(value));
                }
                if (!chunk.hasRemaining()) {
                    sink.accept(chunk.flip());
                    chunk.clear();
                }
            }
        }
        sink.accept(chunk.flip());
    }

    private String header(String checksum) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart(HeaderParser.METADATA);
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                if (!entry.getKey().equals(DataChecksum.KEY)) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            json.writeStringField(DataChecksum.KEY, checksum);
            json.writeEndObject();
            long offset = 0;
            for (Tensor tensor : tensors) {
                long end = offset + (long) tensor.values().length * dtype.bytes();
                json.writeObjectFieldStart(tensor.name());
                json.writeStringField("dtype", dtype.name());
                json.writeFieldName("shape");
                json.writeArray(tensor.shape(), 0, tensor.shape().length);
                json.writeFieldName("data_offsets");
                json.writeArray(new long[] {offset, end}, 0, 2);
                json.writeEndObject();
                offset = end;
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
