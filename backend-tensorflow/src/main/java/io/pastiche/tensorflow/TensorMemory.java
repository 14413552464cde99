package io.pastiche.tensorflow;

import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.tensorflow.ndarray.buffer.DataStorageVisitor;
import org.tensorflow.types.TFloat32;

/**
 * A float32 tensor's own memory as a {@link FloatBuffer}: tiled calls write their input straight into the tensor
 * they feed and read the output straight out of the one they fetch ({@link io.pastiche.spi.ChannelsLastTile}), where
 * TensorFlow Java's own bulk copies need a Java array on the other side. The buffer is valid only while the tensor
 * is open.
 */
final class TensorMemory {

    private TensorMemory() {
    }

    /**
     * The tensor's values, row-major in its shape.
     *
     * @param tensor an open tensor, whose data TensorFlow holds in native memory (every tensor it allocates)
     * @return a view of its memory, from index 0
     * @throws IllegalStateException if the tensor's memory is not reachable
     */
    static FloatBuffer floats(TFloat32 tensor) {
        long values = tensor.shape().size();
        FloatBuffer view = tensor.asRawTensor().data().asFloats().accept(new DataStorageVisitor<FloatBuffer>() {
            @Override
            public FloatBuffer visit(long address, long length, long scale) {
                if (length < values * Float.BYTES) {
                    return null;
                }
                return new Pointer(address).getByteBuffer(0, values * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }

            @Override
            public FloatBuffer visit(FloatBuffer buffer) {
                return buffer;
            }

            @Override
            public FloatBuffer fallback() {
                return null;
            }
        });
        if (view == null || view.capacity() < values) {
            throw new IllegalStateException("TensorFlow's tensor memory is not reachable from Java: " + tensor.shape());
        }
        return view;
    }
}
