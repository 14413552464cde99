package io.pastiche.nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arrays of one call, one layer or one network, closed together. Inside a {@link Workspaces workspace}, which
 * is where calls run, closing does nothing (the workspace's memory is reused as a whole); for arrays made outside
 * one, such as the weights, it hands the memory back to ND4J, which in 1.0.0-M2.1 frees it at the next garbage
 * collection rather than at once. Not thread-safe: one arena per thread.
 */
final class Arena implements AutoCloseable {

    private final Set<INDArray> arrays = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Registers an array to be closed with this arena and returns it. */
    INDArray add(INDArray array) {
        arrays.add(array);
        return array;
    }

    /** Closes one array now (when it is not needed any more), if this arena owns it. */
    void free(INDArray array) {
        if (arrays.remove(array)) {
            close(array);
        }
    }

    /** Moves an array to another arena, which will close it instead. */
    INDArray moveTo(INDArray array, Arena other) {
        if (arrays.remove(array)) {
            other.add(array);
        }
        return array;
    }

    @Override
    public void close() {
        List<INDArray> all = new ArrayList<>(arrays);
        arrays.clear();
        for (INDArray array : all) {
            close(array);
        }
    }

    private static void close(INDArray array) {
        // Views share their parent's buffer and cannot be closed; the parent is registered too.
        if (array.closeable()) {
            array.close();
        }
    }
}
