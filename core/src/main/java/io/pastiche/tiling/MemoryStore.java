package io.pastiche.tiling;

import com.sun.jna.Memory;
import io.pastiche.tensor.Tensor;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A feature map held in the process's native memory, in a block lent by the call's {@link MapMemory} and given back
 * by {@link #close()}. Not on the Java heap: there, multi-gigabyte maps of large arrays kept the garbage collector
 * busy (at 4096 x 4096, 582 pauses and 354 concurrent cycles in a call) and the call was slower than with its maps
 * spilled to files (docs/benchmarks.md). Each plane is a view of its own, so a map may hold more values than one
 * Java array can. Distinct planes may be read and written from several threads at once.
 */
final class MemoryStore extends SizedStore {

    private final MapMemory memory;
    private Memory block;
    /** Plane {@code n * channels + c}, row-major {@code height x width}: views of {@link #block}. */
    private final FloatBuffer[] planes;

    /**
     * @throws io.pastiche.NativeMemoryException if the memory cannot be had
     */
    MemoryStore(int batch, int channels, int height, int width, MapMemory memory) {
        super(batch, channels, height, width);
        long planeBytes = (long) Math.multiplyExact(height, width) * Float.BYTES;
        this.memory = memory;
        this.block = memory.take(planeBytes * batch * channels);
        this.planes = new FloatBuffer[batch * channels];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = block.getByteBuffer(i * planeBytes, planeBytes).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
    }

    @Override
    public Tensor read(Span rows, Span cols) {
        int h = rows.to() - rows.from();
        int w = cols.to() - cols.from();
        float[] data = new float[planes.length * h * w];
        for (int i = 0; i < planes.length; i++) {
            for (int y = 0; y < h; y++) {
                planes[i].get((rows.from() + y) * width + cols.from(), data, (i * h + y) * w, w);
            }
        }
        return new Tensor(data, batch, channels, h, w);
    }

    @Override
    public void write(Tensor tile, int rowSkip, int colSkip, int y0, int y1, int x0, int x1) {
        int w = x1 - x0;
        for (int i = 0; i < planes.length; i++) {
            int base = i * tile.height() * tile.width();
            for (int y = y0; y < y1; y++) {
                planes[i].put(y * width + x0, tile.data(), base + (rowSkip + y - y0) * tile.width() + colSkip, w);
            }
        }
    }

    @Override
    public void readRows(int n, int c, int y0, int y1, float[] into) {
        planes[n * channels + c].get(y0 * width, into, 0, (y1 - y0) * width);
    }

    @Override
    public void writeRows(int n, int c, int y0, int y1, float[] from) {
        planes[n * channels + c].put(y0 * width, from, 0, (y1 - y0) * width);
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
