package io.pastiche.tensorflow;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The native tensors one call feeds to a session, closed together when the call ends (try-with-resources), so a
 * call frees all its native input memory whether it succeeds or throws. Not thread-safe: one per call.
 */
final class Feeds implements AutoCloseable {

    private final List<Tensor> tensors = new ArrayList<>();

    /** A native float32 tensor holding a copy of {@code data}, row-major in {@code shape}; closed with this. */
    TFloat32 floats(float[] data, long... shape) {
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
        tensors.add(tensor);
        return tensor;
    }

    /** A new native float32 tensor of {@code shape}, its values not set; closed with this. */
    TFloat32 floats(long... shape) {
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(shape));
        tensors.add(tensor);
        return tensor;
    }

    /** The values of a float32 tensor, row-major. The tensor is not closed. */
    static float[] read(Tensor tensor) {
        long size = tensor.shape().size();
        float[] values = new float[Math.toIntExact(size)];
        tensor.asRawTensor().data().asFloats().read(values);
        return values;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Tensor tensor : tensors) {
            try {
                tensor.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        tensors.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
