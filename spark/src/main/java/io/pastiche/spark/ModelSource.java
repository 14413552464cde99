package io.pastiche.spark;

import io.pastiche.DefaultModel;
import io.pastiche.Style;
import io.pastiche.model.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The model every executor loads: the default one (in pastiche-core's jar on every executor) or a model file's
 * bytes, read once on the driver through Hadoop's file systems (local, HDFS, S3-style URIs) and checked there, so
 * that a wrong file fails the job before any task runs. Shipped to the executors with the tasks (a few MB).
 */
final class ModelSource implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final byte[] bytes;
    private final String id;
    /** The model's styles, as the driver read them; not shipped (the executors read the model themselves). */
    private final transient List<Style> styles;

    private ModelSource(String name, byte[] bytes, String id, List<Style> styles) {
        this.name = name;
        this.bytes = bytes;
        this.id = id;
        this.styles = styles;
    }

    /** The default model. */
    static ModelSource defaultModel() {
        return new ModelSource("the default model", null, "default", null);
    }

    /**
     * A model file, read and checked now.
     *
     * @param uri  the file: a path or a URI of a Hadoop file system
     * @param conf the Hadoop configuration
     * @return the model
     * @throws IOException                     if it cannot be read
     * @throws io.pastiche.ModelFormatException if it is not a pastiche model
     */
    static ModelSource read(String uri, Configuration conf) throws IOException {
        Path path = new Path(uri);
        byte[] bytes;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            bytes = in.readAllBytes();
        }
        // checked here, once, rather than in every executor
        return new ModelSource(uri, bytes, sha256(bytes), ModelFile.read(bytes, uri).styles());
    }

    String name() {
        return name;
    }

    /** The file's bytes; null for the default model. */
    byte[] bytes() {
        return bytes;
    }

    /** The model's styles, on the driver. */
    List<Style> styles() {
        return bytes == null ? DefaultModel.read().styles() : styles;
    }

    /** What tells two models apart: the file's SHA-256, or "default". */
    String id() {
        return id;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
