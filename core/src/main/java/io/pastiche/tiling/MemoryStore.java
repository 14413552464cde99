package io.pastiche.tiling;

import com.sun.jna.Memory;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A feature map held in the process's native memory, in a block lent by the call's {@link MapMemory} and given back
 * by {@link #close()}. Not on the Java heap: there, multi-gigabyte maps of large arrays kept the garbage collector
 * busy (at 4096 x 4096, 582 pauses and 354 concurrent cycles in a call) and the call was slower than with its maps
 * spilled to files (docs/benchmarks.md). Each row is a view of its own, so a map may hold more values than one
 * Java buffer can.
 */
final class MemoryStore extends SizedStore {

    private final MapMemory memory;
    private Memory block;
    /** Row {@code n * height + y}, {@code width x channels}: views of {@link #block}. */
    private final FloatBuffer[] rows;

    /**
     * @throws io.pastiche.NativeMemoryException if the memory cannot be had
     */
    MemoryStore(int batch, int channels, int height, int width, MapMemory memory) {
        super(batch, channels, height, width);
        long rowBytes = (long) Math.multiplyExact(width, channels) * Float.BYTES;
        this.memory = memory;
        this.block = memory.take(rowBytes * batch * height);
        this.rows = new FloatBuffer[batch * height];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = block.getByteBuffer(i * rowBytes, rowBytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    @Override
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        rows[n * height + y].get(x0 * channels, into, at, (x1 - x0) * channels);
    }

    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        rows[n * height + y].put(x0 * channels, from, at, (x1 - x0) * channels);
    }

    /** Gives the memory back to the call. A second call does nothing. */
    @Override
    public synchronized void close() {
        if (block != null) {
            memory.give(block);
            block = null;
        }
    }
}
