package io.pastiche.tensorflow.magenta;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariable;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableDataType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableNumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteCheckpointReader;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewCheckpointReader;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorByteSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import io.pastiche.ModelFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.tensorflow.internal.c_api.TF_CheckpointReader;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.DataType;

/**
 * A TensorFlow checkpoint read through TensorFlow's own checkpoint reader (C API {@code TF_NewCheckpointReader}):
 * the V2 format ({@code prefix.index} and {@code prefix.data-*}) and the older single-file V1 format alike. Not
 * thread-safe; close it.
 */
final class CheckpointFile implements AutoCloseable {

    private final TF_CheckpointReader reader;
    private final String source;

    /**
     * @param prefix what TensorFlow's reader takes: the V2 prefix, or the V1 file
     * @param source how messages name the checkpoint
     * @throws ModelFormatException if TensorFlow cannot read it
     */
    CheckpointFile(String prefix, String source) {
        this.source = source;
        TF_Status status = TF_Status.newStatus();
        try {
            TF_CheckpointReader opened = TF_NewCheckpointReader(prefix, status);
            try {
                status.throwExceptionIfNotOK();
            } catch (RuntimeException e) {
                throw new ModelFormatException(source + " is not a TensorFlow checkpoint TensorFlow can read: "
                        + e.getMessage(), e);
            }
            this.reader = opened;
        } finally {
            status.delete();
        }
    }

    /** Every variable's name. */
    List<String> names() {
        int size = TF_CheckpointReaderSize(reader);
        List<String> names = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            BytePointer name = TF_CheckpointReaderGetVariable(reader, i);
            names.add(name.getString());
        }
        return names;
    }

    DataType dtype(String name) {
        DataType type = DataType.forNumber(TF_CheckpointReaderGetVariableDataType(reader, name));
        return type == null ? DataType.UNRECOGNIZED : type;
    }

    long[] shape(String name) {
        int rank = TF_CheckpointReaderGetVariableNumDims(reader, name);
        long[] dims = new long[rank];
        TF_Status status = TF_Status.newStatus();
        try {
            TF_CheckpointReaderGetVariableShape(reader, name, dims, rank, status);
            check(status, name);
        } finally {
            status.delete();
        }
        return dims;
    }

    /** The values of a float32 variable, row-major. */
    float[] floats(String name) {
        if (dtype(name) != DataType.DT_FLOAT) {
            throw new ModelFormatException(source + ": variable " + name + " is " + dtype(name)
                    + ", not float32");
        }
        long count = Arrays.stream(shape(name)).reduce(1, Math::multiplyExact);
        TF_Status status = TF_Status.newStatus();
        TF_Tensor tensor = null;
        try {
            tensor = TF_CheckpointReaderGetTensor(reader, name, status);
            check(status, name);
            long bytes = TF_TensorByteSize(tensor);
            if (bytes != count * Float.BYTES) {
                throw new ModelFormatException(source + ": variable " + name + " holds " + bytes + " bytes, its shape "
                        + Arrays.toString(shape(name)) + " needs " + count * Float.BYTES);
            }
            float[] values = new float[Math.toIntExact(count)];
            try (FloatPointer data = new FloatPointer(TF_TensorData(tensor))) {
                data.capacity(count).get(values);
            }
            return values;
        } finally {
            if (tensor != null && !tensor.isNull()) {
                TF_DeleteTensor(tensor);
            }
            status.delete();
        }
    }

    private void check(TF_Status status, String name) {
        try {
            status.throwExceptionIfNotOK();
        } catch (RuntimeException e) {
            throw new ModelFormatException(source + ": cannot read variable " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        TF_DeleteCheckpointReader(reader);
    }
}
