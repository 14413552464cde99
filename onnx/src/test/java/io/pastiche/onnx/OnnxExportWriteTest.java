package io.pastiche.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.files.AtomicWrite;
import io.pastiche.model.Model;
import io.pastiche.testkit.RandomModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OnnxExport#write} replaces a file whole, and what it writes is what ONNX Runtime loads. */
class OnnxExportWriteTest {

    @TempDir
    Path dir;

    @Test
    void writesTheBytesAtomicallyOverAnOldFileAndLeavesNoTemporaryFile() throws Exception {
        Model model = RandomModels.model(SlimLayout.spec(), 2, 8);
        Path file = dir.resolve("styles.onnx");
        Files.writeString(file, "an older export");

        OnnxExport.write(model, file);

        assertThat(Files.readAllBytes(file)).isEqualTo(OnnxExport.toBytes(model));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(AtomicWrite::isTemporary)
                    .containsExactly("styles.onnx");
        }
        try (OnnxRuntimeSession onnx = new OnnxRuntimeSession(Files.readAllBytes(file))) {
            assertThat(onnx.session().getInputNames()).containsExactlyInAnyOrder("image", "style");
        }
    }

    @Test
    void sameModelSameBytes() {
        Model model = RandomModels.model(SlimLayout.spec(), 2, 8);
        assertThat(OnnxExport.toBytes(model)).isEqualTo(OnnxExport.toBytes(model));
    }
}
