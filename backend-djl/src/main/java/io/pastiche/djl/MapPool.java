package io.pastiche.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memory for the large feature maps of CPU inference, kept and reused between the layers of a call and between
 * calls. PyTorch frees every array when it is closed, and glibc gives a block of more than 32 MiB back to the
 * kernel at once, so without this every large map of every call came on fresh pages that the kernel first
 * zeroes (at 2048 x 2048, about 6 GB of them per image; docs/backend-djl.md, "Memory pages"). Maps taken from here
 * are written whole by a Java pass (the upload, {@link ChannelsLastPadding}) or by {@link StripConvolution}, whose
 * own arrays stay small enough for glibc to reuse.
 *
 * <p>A map is a channels-last view ({@link ChannelsLast}) of a kept one-dimensional array at least as large. When
 * the walk is done with it, {@link #release} makes that array free for the next map; {@link #endCall} frees all
 * of them and closes every array the call did not use, so what stays between calls is one call's working set.
 * Not thread-safe: one call uses a pool at a time ({@link DjlNetwork} hands it from call to call).
 */
final class MapPool implements AutoCloseable {

    /**
     * A new array is larger than its first map by this fraction of it (1/16), so that maps of nearly one size
     * share it (a convolution's padded input and the next layer's: 2050 and 2056 pixels square). At 2048 x 2048
     * the peak resident memory was 2.3 GB with it, 3.5 GB without.
     */
    private static final long SLACK = 16;

    private final NDManager manager;
    private final List<NDArray> free = new ArrayList<>();
    /** Lent maps and the kept arrays they view. */
    private final Map<NDArray, NDArray> lent = new IdentityHashMap<>();
    /** Kept arrays lent at least once since the last {@link #endCall}. */
    private final Set<NDArray> used = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param manager owns the kept arrays; closed with the pool
     */
    MapPool(NDManager manager) {
        this.manager = manager;
    }

    /**
     * A map in reused memory; its values are whatever was there: the caller writes every one.
     *
     * @param owner the manager the view is attached to (closing it leaves the memory to the pool)
     * @return NCHW in shape, channels-last in memory
     */
    NDArray take(long batch, long channels, long height, long width, NDManager owner) {
        long values = batch * channels * height * width;
        int index = smallestFree(values);
        NDArray kept = index < 0 ? manager.create(new Shape(values + values / SLACK)) : free.remove(index);
        used.add(kept);
        NDArray flat = kept.get(new NDIndex("0:{}", values));
        NDArray map = ChannelsLast.nchwView(flat.reshape(batch, height, width, channels));
        flat.close(); // a view too: the map holds the memory
        map.attach(owner);
        lent.put(map, kept);
        return map;
    }

    /** Whether {@code map} came from {@link #take} and is not released yet. */
    boolean owns(NDArray map) {
        return lent.containsKey(map);
    }

    /**
     * Closes a map from {@link #take} and frees its memory for the next one; closes any other array.
     *
     * @param map no longer read or written by anything
     */
    void release(NDArray map) {
        NDArray kept = lent.remove(map);
        map.close();
        if (kept != null) {
            free.add(kept);
        }
    }

    /**
     * Ends a call: every lent map's memory is free again (the call has closed its arrays), and kept arrays the
     * call did not use are closed.
     */
    void endCall() {
        free.addAll(lent.values());
        lent.clear();
        free.removeIf(kept -> {
            if (used.contains(kept)) {
                return false;
            }
            kept.close();
            return true;
        });
        used.clear();
    }

    /** The values the pool keeps, for tests. */
    long keptValues() {
        long values = 0;
        for (NDArray kept : free) {
            values += kept.size();
        }
        for (NDArray kept : lent.values()) {
            values += kept.size();
        }
        return values;
    }

    @Override
    public void close() {
        lent.clear();
        free.clear();
        used.clear();
        manager.close();
    }

    /** The index in {@link #free} of the smallest array of at least {@code values}, or -1. */
    private int smallestFree(long values) {
        int best = -1;
        for (int i = 0; i < free.size(); i++) {
            long size = free.get(i).size();
            if (size >= values && (best < 0 || size < free.get(best).size())) {
                best = i;
            }
        }
        return best;
    }
}
