package io.pastiche.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pastiche.DefaultModel;
import io.pastiche.model.Model;
import org.junit.jupiter.api.Test;

/**
 * In the applications that depend on pastiche-onnx: the export works from the published jar (its generated ONNX
 * classes, and the protobuf version the BOM gives beside TensorFlow's). Reflection keeps this source compiling in the
 * applications without it, where it does not run.
 */
class OnnxExportConsumerTest {

    @Test
    void exportsTheDefaultModel() throws Exception {
        Class<?> export;
        try {
            export = Class.forName("io.pastiche.onnx.OnnxExport");
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "this application does not depend on pastiche-onnx");
            return;
        }
        byte[] onnx = (byte[]) export.getMethod("toBytes", Model.class).invoke(null, DefaultModel.read());

        assertTrue(onnx.length > 1_000_000, "the weights are in the file: " + onnx.length + " bytes");
        assertTrue(new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1).contains("pastiche"),
                "the graph's output is named");
    }
}
