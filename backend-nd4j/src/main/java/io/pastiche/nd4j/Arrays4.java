package io.pastiche.nd4j;

import io.pastiche.tensor.Tensor;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between Java float arrays and ND4J arrays (float32, row-major). */
final class Arrays4 {

    private Arrays4() {
    }

    static INDArray upload(float[] data, long[] shape, Arena arena) {
        return arena.add(Nd4j.create(data, shape, 'c'));
    }

    static INDArray upload(Tensor tensor, Arena arena) {
        return upload(tensor.data(), tensor.shape(), arena);
    }

    /** The values in row-major order; the array may be a view or of another order. */
    static float[] read(INDArray array) {
        try (INDArray copy = array.dup('c')) {
            float[] all = copy.data().asFloat();
            long n = array.length();
            return all.length == n ? all : java.util.Arrays.copyOf(all, Math.toIntExact(n));
        }
    }

    /**
     * A contiguous array's memory as floats, indexed from the start of its buffer (add {@code array.offset()}): for
     * passes in plain Java over an array on the host.
     *
     * @throws IllegalStateException if the array is not contiguous in row-major order
     */
    static FloatBuffer hostFloats(INDArray array) {
        if (!isContiguous(array)) {
            throw new IllegalStateException("a pass over an array's memory needs a contiguous array, got "
                    + array.shapeInfoToString());
        }
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Whether an array is contiguous in row-major order, as {@link #hostFloats} needs. */
    static boolean isContiguous(INDArray array) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
    }

    static Tensor readTensor(INDArray array) {
        long[] s = array.shape();
        return new Tensor(read(array), Math.toIntExact(s[0]), Math.toIntExact(s[1]), Math.toIntExact(s[2]),
                Math.toIntExact(s[3]));
    }
}
