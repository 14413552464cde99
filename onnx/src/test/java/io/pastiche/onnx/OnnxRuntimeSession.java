package io.pastiche.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.pastiche.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An exported file opened in ONNX Runtime, the independent engine the tests check the export with; in the onnx
 * module's test-jar for the other modules' tests of exported files.
 */
public final class OnnxRuntimeSession implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /** Opens the file's bytes on one thread (the test machines' cores are shared). */
    public OnnxRuntimeSession(byte[] onnx) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1); // the test machine's cores are shared
        session = environment.createSession(onnx, options);
    }

    OrtSession session() {
        return session;
    }

    /** Runs a batch: {@code styles} holds one row of N weights per image. */
    public Tensor run(Tensor images, float[] styles) throws OrtException {
        int n = styles.length / images.batch();
        try (OnnxTensor image = OnnxTensor.createTensor(environment, FloatBuffer.wrap(images.data()),
                     images.shape());
             OnnxTensor style = OnnxTensor.createTensor(environment, FloatBuffer.wrap(styles),
                     new long[] {images.batch(), n});
             OrtSession.Result result = session.run(Map.of(OnnxExport.IMAGE, image, OnnxExport.STYLE, style))) {
            OnnxTensor out = (OnnxTensor) result.get(OnnxExport.PASTICHE).orElseThrow();
            long[] shape = out.getInfo().getShape();
            FloatBuffer buffer = out.getFloatBuffer();
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            return new Tensor(data, (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
