package io.pastiche.tiling;

/**
 * A feature map held in the process's native memory, in pages lent by the call's {@link MapMemory}. Not on the Java
 * heap: there, multi-gigabyte maps of large arrays kept the garbage collector busy (at 4096 x 4096, 582 pauses and
 * 354 concurrent cycles in a call) and the call was slower than with its maps spilled to files
 * (docs/benchmarks.md).
 */
final class MemoryStore extends PagedStore<MapMemory.Page> {

    private final MapMemory memory;

    MemoryStore(int batch, int channels, int height, int width, MapMemory memory) {
        super(batch, channels, height, width, memory.pageBytes());
        this.memory = memory;
    }

    @Override
    public void readRow(int n, int y, int x0, int x1, float[] into, int at) {
        pageToRead(n, y).floats().get(valueInPage(y, x0), into, at, (x1 - x0) * channels);
    }

    /**
     * @throws io.pastiche.NativeMemoryException if the row's page cannot be had
     */
    @Override
    public void writeRow(int n, int y, int x0, int x1, float[] from, int at) {
        pageToWrite(n, y).floats().put(valueInPage(y, x0), from, at, (x1 - x0) * channels);
    }

    @Override
    MapMemory.Page take() {
        return memory.take();
    }

    @Override
    void give(MapMemory.Page page) {
        memory.give(page);
    }
}
