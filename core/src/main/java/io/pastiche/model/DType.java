package io.pastiche.model;

import java.util.Optional;

/**
 * The tensor element types a model file may hold. The constant names are the safetensors dtype names, so
 * {@link #name()} is what the file's header says.
 */
public enum DType {
    /** IEEE 754 single precision. */
    F32(4),
    /** IEEE 754 half precision: half the size, about 3 decimal digits, enough for weights. */
    F16(2),
    /** bfloat16: the upper half of a float32. */
    BF16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Bytes per element.
     *
     * @return 4 for F32, 2 for F16 and BF16
     */
    public int bytes() {
        return bytes;
    }

    /**
     * The type a safetensors header names, if pastiche reads it. Exact, case-sensitive match: the safetensors
     * specification spells dtypes in upper case.
     *
     * @param name the header's {@code dtype} value, for example {@code F16}; null gives empty
     * @return the type, or empty if pastiche does not read it
     */
    public static Optional<DType> fromSafetensors(String name) {
        for (DType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
