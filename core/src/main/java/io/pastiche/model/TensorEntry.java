package io.pastiche.model;

import java.util.Arrays;

/**
 * One tensor of a safetensors header: its type, shape and where its bytes lie, relative to the start of the data
 * (the byte after the header). Built only from validated values: the shape's element and byte counts fit in a
 * long and {@code end - begin} is exactly that byte count.
 *
 * @param name  the tensor's name, for example {@code contract.conv1.weight}
 * @param dtype the element type
 * @param shape the dimensions, row-major; empty for a scalar
 * @param begin first byte, relative to the data start
 * @param end   one past the last byte
 */
public record TensorEntry(String name, DType dtype, long[] shape, long begin, long end) {

    /**
     * Checks the shape against the offsets and copies the shape.
     *
     * @param name  the tensor's name, for example {@code contract.conv1.weight}
     * @param dtype the element type
     * @param shape the dimensions, row-major, none negative; empty for a scalar; copied
     * @param begin first byte, relative to the data start; not negative
     * @param end   one past the last byte; {@code end - begin} must be the shape's element count times the
     *              dtype's bytes
     * @throws IllegalArgumentException if a dimension is negative or the offsets do not hold the shape
     * @throws ArithmeticException      if the element or byte count overflows a long
     */
    public TensorEntry {
        shape = shape.clone();
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(name + ": negative dimension " + dim);
            }
            count = Math.multiplyExact(count, dim);
        }
        if (begin < 0 || end - begin != Math.multiplyExact(count, dtype.bytes())) {
            throw new IllegalArgumentException(name + ": offsets [" + begin + ", " + end + "] do not hold "
                    + count + " " + dtype + " values");
        }
    }

    /**
     * The dimensions (a copy).
     *
     * @return a new array, row-major; empty for a scalar
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Number of elements: the product of the dimensions, 1 for a scalar.
     *
     * @return the element count
     */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count *= dim; // cannot overflow: checked in the constructor
        }
        return count;
    }

    /**
     * Number of bytes, {@code end - begin}.
     *
     * @return the byte count
     */
    public long byteLength() {
        return end - begin;
    }

    /**
     * Whether the shape is exactly {@code expected}.
     *
     * @param expected the dimensions to compare with
     * @return true if the shapes have the same dimensions in the same order
     */
    public boolean hasShape(long[] expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorEntry t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Problems.shape(shape) + " @[" + begin + ", " + end + ")";
    }
}
