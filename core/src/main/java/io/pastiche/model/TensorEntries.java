package io.pastiche.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks of the tensor entries of a safetensors header: each entry on its own as it is parsed, then all of
 * them against the data that follows the header. Every check is done in long arithmetic with overflow detection
 * before anything is allocated or mapped, so a hostile header can only produce a {@link
 * io.pastiche.ModelFormatException}.
 */
final class TensorEntries {

    private TensorEntries() {
    }

    /** An entry from its raw fields, any of which may be {@code null} when the header omitted it. */
    static TensorEntry build(String file, String name, String dtypeName, long[] shape, long[] offsets) {
        String what = "tensor '" + name + "'";
        String fields = "each tensor needs dtype, shape and data_offsets";
        if (dtypeName == null) {
            throw Problems.of(file, what + " has no dtype", fields);
        }
        if (shape == null) {
            throw Problems.of(file, what + " has no shape", fields);
        }
        if (offsets == null) {
            throw Problems.of(file, what + " has no data_offsets", fields);
        }
        DType dtype = DType.fromSafetensors(dtypeName).orElseThrow(() -> Problems.of(file,
                what + " has dtype " + dtypeName + ", which pastiche does not read",
                "store it as F32, F16 or BF16 (in PyTorch: tensor.float())"));
        if (offsets.length != 2) {
            throw Problems.of(file, what + ": data_offsets holds " + offsets.length + " numbers, not 2",
                    "it must be [begin, end]");
        }
        long bytes;
        try {
            long count = 1;
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            bytes = Math.multiplyExact(count, dtype.bytes());
        } catch (ArithmeticException e) {
            throw Problems.of(file, what + " has shape " + Problems.shape(shape) + ", too many elements to count",
                    "the header is damaged");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw Problems.of(file, what + " has data_offsets [" + begin + ", " + end + "], which end before they begin",
                    "the header is damaged");
        }
        if (end - begin != bytes) {
            throw Problems.of(file, what + " has data_offsets [" + begin + ", " + end + "] (" + (end - begin)
                    + " bytes) but shape " + Problems.shape(shape) + " of " + dtype + " needs " + bytes + " bytes",
                    "the header is damaged, or was written for another shape or dtype");
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    /**
     * Checks that the entries tile the data exactly, as the safetensors specification requires: inside it, no
     * overlap, no gap, nothing after the last tensor.
     */
    static void checkLayout(String file, List<TensorEntry> entries, long dataLength) {
        for (TensorEntry entry : entries) {
            if (entry.end() > dataLength) {
                throw Problems.of(file, "tensor '" + entry.name() + "' has data_offsets [" + entry.begin() + ", "
                        + entry.end() + "] but the data after the header is only " + dataLength + " bytes",
                        "the file is truncated: copy or download it again");
            }
        }
        List<TensorEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        TensorEntry previous = null;
        long reached = 0;
        for (TensorEntry entry : sorted) {
            if (entry.begin() < reached) {
                throw Problems.of(file, "tensor '" + entry.name() + "' (bytes " + entry.begin() + " to "
                        + entry.end() + ") overlaps tensor '" + previous.name() + "' (bytes " + previous.begin()
                        + " to " + previous.end() + ")", "each tensor needs its own bytes; the header is damaged");
            }
            if (entry.begin() > reached) {
                throw Problems.of(file, "bytes " + reached + " to " + entry.begin() + " of the data belong to no"
                        + " tensor (before '" + entry.name() + "')",
                        "safetensors packs tensors end to end; the header is damaged");
            }
            reached = entry.end();
            previous = entry;
        }
        if (reached != dataLength) {
            throw Problems.of(file, "the file has " + (dataLength - reached) + " bytes after the last tensor",
                    "safetensors files end with the last tensor; the file is damaged or has something appended");
        }
    }
}
