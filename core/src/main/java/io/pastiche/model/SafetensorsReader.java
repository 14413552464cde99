package io.pastiche.model;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a safetensors file: 8 bytes of little-endian header length, the JSON header, then the tensor data. The
 * file is memory-mapped read-only, so reading a tensor copies its bytes once, straight into the float array.
 * Everything the header claims is checked against the file's real size before anything is allocated: a
 * damaged or hostile file gives a {@link io.pastiche.ModelFormatException}, never an OutOfMemoryError.
 *
 * <p>A file is memory-mapped; bytes already in memory (a model bundled as a class-path resource) are read in
 * place. Not thread-safe; close it when done (the mapped regions are released by the garbage collector, which
 * on Windows keeps the file from being replaced until then).
 */
public final class SafetensorsReader implements Closeable {

    /** The largest header accepted. Real headers are kilobytes; the cap bounds what a hostile length can cost. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The most elements one tensor may have: its float array, and its F32 bytes, must fit in a Java array. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE / Float.BYTES;
    /** The checksum maps the data in pieces, so that data beyond 2 GB (one buffer's limit) can be checked too. */
    private static final long CHECKSUM_CHUNK = 64L * 1024 * 1024;

    /** Where the bytes are: a mapped file, or an array. */
    private interface Source extends Closeable {
        long size() throws IOException;

        ByteBuffer region(long position, long length) throws IOException;
    }

    private final Source source;
    private final String file;
    private final long dataStart;
    private final SafetensorsHeader header;

    private SafetensorsReader(Source source, String file) throws IOException {
        this.source = source;
        this.file = file;
        long size = source.size();
        if (size < Long.BYTES) {
            throw Problems.of(file, "the file is " + size + " bytes long, too short for a safetensors file"
                    + " (it starts with an 8-byte header length)", "the file is truncated or is not a model file");
        }
        long headerLength = map(0, Long.BYTES).getLong(0);
        long available = size - Long.BYTES;
        if (headerLength < 0 || headerLength > available) {
            throw Problems.of(file, "the header length field says " + Long.toUnsignedString(headerLength)
                    + " bytes but only " + available + " follow it",
                    "the file is truncated or is not a safetensors file");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw Problems.of(file, "the header is " + headerLength + " bytes, more than the "
                    + MAX_HEADER_BYTES + " pastiche accepts", "this is not a style network model file");
        }
        byte[] json = new byte[(int) headerLength];
        map(Long.BYTES, headerLength).get(json);
        this.dataStart = Long.BYTES + headerLength;
        this.header = SafetensorsHeader.parse(json, size - dataStart, file);
    }

    /**
     * Opens and validates a file; its tensors are read on demand.
     *
     * @param path the safetensors file
     * @return an open reader; close it when done
     * @throws IOException                      if the file cannot be opened or mapped
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws io.pastiche.ModelFormatException  if it is not a valid safetensors file of F32, F16 and BF16 tensors
     */
    public static SafetensorsReader open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        Source mapped = new Source() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public ByteBuffer region(long position, long length) throws IOException {
                return channel.map(FileChannel.MapMode.READ_ONLY, position, length);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
        try {
            return new SafetensorsReader(mapped, path.toString());
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads and validates safetensors bytes held in memory; the array is read in place, not copied.
     *
     * @param bytes the whole file's bytes; leave them unchanged while the reader is in use
     * @param name  how messages name the bytes, for example the resource they came from
     * @return the reader; closing it does nothing, but is harmless
     * @throws IOException                     declared with the file's reader; bytes in memory do not throw it
     * @throws io.pastiche.ModelFormatException if they are not a valid safetensors file of F32, F16 and BF16 tensors
     */
    public static SafetensorsReader of(byte[] bytes, String name) throws IOException {
        Source array = new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public ByteBuffer region(long position, long length) {
                return ByteBuffer.wrap(bytes, (int) position, (int) length).slice();
            }

            @Override
            public void close() {
            }
        };
        return new SafetensorsReader(array, name);
    }

    /**
     * The validated header.
     *
     * @return the header, read when the reader was made
     */
    public SafetensorsHeader header() {
        return header;
    }

    /**
     * Checks the data against the SHA-256 in {@code __metadata__} entry {@code data_sha256}, if the file has one
     * (pastiche writes it; other writers do not). Reads every byte of the data once.
     *
     * @throws IOException                     if the file cannot be read
     * @throws io.pastiche.ModelFormatException if the entry is malformed or the data does not match it
     */
    public void checkIntegrity() throws IOException {
        String expected = header.metadata().map(m -> m.get(DataChecksum.KEY)).orElse(null);
        if (expected == null) {
            return;
        }
        if (!DataChecksum.wellFormed(expected)) {
            String shown = expected.length() > 80 ? expected.substring(0, 80) + "..." : expected;
            throw Problems.of(file, "__metadata__ '" + DataChecksum.KEY + "' is '" + StyleNames.escaped(shown)
                    + "', not 64 hexadecimal digits (a SHA-256)", "the file is damaged: copy it again");
        }
        DataChecksum actual = new DataChecksum();
        long length = header.dataLength();
        for (long done = 0; done < length; ) {
            long chunk = Math.min(CHECKSUM_CHUNK, length - done);
            actual.update(map(dataStart + done, chunk));
            done += chunk;
        }
        String found = actual.hex();
        if (!found.equals(expected)) {
            throw Problems.of(file, "the file is damaged: its checksum does not match (the SHA-256 of its tensor "
                    + "data is " + found + ", its __metadata__ '" + DataChecksum.KEY + "' says " + expected + ")",
                    "copy or download it again; for a checkpoint, resume from a good copy or start again");
        }
    }

    /**
     * The tensor's values as floats, whatever its stored type, row-major.
     *
     * @param entry one of {@link #header()}'s tensors
     * @return a new array of {@link TensorEntry#elementCount()} values
     * @throws IOException                      if the file cannot be read
     * @throws IllegalArgumentException         if {@code entry} is not one of this file's entries
     * @throws io.pastiche.ModelFormatException if a value is NaN or infinite (naming the first one's index), or the
     *                                          tensor has more than {@link #MAX_ELEMENTS} elements
     */
    public float[] floats(TensorEntry entry) throws IOException {
        if (header.tensor(entry.name()).filter(entry::equals).isEmpty()) {
            throw new IllegalArgumentException(entry.name() + " is not an entry of " + file);
        }
        if (entry.elementCount() > MAX_ELEMENTS) {
            throw Problems.of(file, "tensor '" + entry.name() + "' has " + entry.elementCount()
                    + " elements, more than one Java array holds (" + MAX_ELEMENTS + ")", "split the tensor");
        }
        float[] values = new float[(int) entry.elementCount()];
        if (values.length == 0) {
            return values;
        }
        ByteBuffer bytes = map(dataStart + entry.begin(), entry.byteLength());
        switch (entry.dtype()) {
            case F32 -> bytes.asFloatBuffer().get(values);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloats.f16ToFloat(bytes.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloats.bf16ToFloat(bytes.getShort(2 * i));
                }
            }
        }
        checkFinite(entry, values);
        return values;
    }

    private void checkFinite(TensorEntry entry, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw Problems.of(file, "tensor '" + entry.name() + "' holds " + values[i] + " at index " + i + " ("
                        + Problems.shape(position(entry.shape(), i)) + " in shape " + Problems.shape(entry.shape())
                        + ")", "NaN or infinite values give black or single-colour images: the file is damaged, "
                        + "or was saved from a run whose values diverged");
            }
        }
    }

    /** The row-major multi-index of flat index {@code flat}. */
    private static long[] position(long[] shape, long flat) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    private ByteBuffer map(long position, long length) throws IOException {
        return source.region(position, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
