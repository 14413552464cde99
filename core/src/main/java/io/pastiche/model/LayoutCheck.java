package io.pastiche.model;

import java.util.List;
import java.util.Map;

/**
 * Checks a header against the tensors its manifest's architecture calls for: each present with exactly the
 * expected shape, and nothing else. Done on the header alone, before any tensor is read.
 */
final class LayoutCheck {

    private LayoutCheck() {
    }

    static void check(SafetensorsHeader header, Manifest manifest, String file) {
        Map<String, long[]> expected = TensorNames.expected(manifest.spec(), manifest.styles().size());
        List<String> extra = header.tensors().stream()
                .map(TensorEntry::name)
                .filter(name -> !expected.containsKey(name))
                .toList();
        for (Map.Entry<String, long[]> want : expected.entrySet()) {
            String name = want.getKey();
            TensorEntry entry = header.tensor(name).orElseThrow(() -> Problems.of(file,
                    "tensor '" + name + "' is missing; the manifest's architecture needs it"
                            + (extra.isEmpty() ? "" : " (the file has tensors it does not know, such as '"
                            + extra.get(0) + "')"),
                    "export every layer under the names docs/model-format.md lists"));
            if (!entry.hasShape(want.getValue())) {
                boolean norm = !name.endsWith(".weight");
                throw Problems.of(file, "tensor '" + name + "' has shape " + Problems.shape(entry.shape())
                        + " but the manifest's architecture needs " + Problems.shape(want.getValue()),
                        norm ? "gamma and beta are [styles, channels]: check 'styles' and the layer's 'out'"
                                : "weights are [out, in, kernel, kernel] (OIHW): check the layer in 'architecture'");
            }
        }
        if (!extra.isEmpty()) {
            throw Problems.of(file, "tensor '" + extra.get(0) + "' is not part of the manifest's architecture"
                    + (extra.size() > 1 ? " (nor are " + (extra.size() - 1) + " others)" : ""),
                    "remove it from the file, or add its layer to 'architecture'");
        }
    }
}
