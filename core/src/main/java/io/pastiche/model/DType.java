package io.pastiche.model;

/** The tensor element types a model file may hold. */
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

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
