package io.pastiche.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where each pastiche goes, and how it gets there whole. The name is deterministic: the source's path under the
 * input's root, its extension replaced by {@code _<style>.<format>} ({@code trip/beach.jpg} becomes
 * {@code images/trip/beach_starry_night.png}). A file is written under {@code _attempts/} with a name of its own,
 * then renamed to its final name, which the file systems Spark uses do atomically; if the final name already exists
 * (an earlier attempt of the task, a speculative copy, a previous run) it is kept and the new copy deleted. So a
 * final file is always whole, and appears once however often its task runs; the bytes are the same either way,
 * since the pastiche of an image is a function of the image, the model and the plan.
 */
final class OutputFiles implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The folder, under the output, of the pastiches. */
    static final String IMAGES = "images";
    /** The folder, under the output, of the files being written. */
    static final String ATTEMPTS = "_attempts";

    private final String root;
    private final String output;
    private final HadoopConf conf;

    /**
     * @param inputRoot the input's root: sources are named by their path under it
     * @param output    the output folder, qualified
     * @param conf      the Hadoop configuration
     */
    OutputFiles(String inputRoot, String output, HadoopConf conf) {
        String path = new Path(inputRoot).toUri().getPath();
        this.root = path.endsWith("/") ? path : path + "/";
        this.output = output;
        this.conf = conf;
    }

    /** The final file of a source's pastiche. */
    Path target(String source, String style, String format) {
        String relative = relative(source);
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        String stem = dot > slash ? relative.substring(0, dot) : relative;
        return new Path(new Path(output, IMAGES), stem + "_" + safe(style) + "." + format);
    }

    /** Whether a final file exists: it is then complete. */
    boolean exists(Path target) throws IOException {
        return fileSystem(target).exists(target);
    }

    /**
     * Writes a final file atomically, unless it exists.
     *
     * @return whether this call committed it (false: another attempt or run had)
     */
    boolean commit(Path target, byte[] bytes) throws IOException {
        FileSystem fs = fileSystem(target);
        Path attempt = new Path(new Path(output, ATTEMPTS), UUID.randomUUID() + "-" + target.getName());
        try (OutputStream out = fs.create(attempt, false)) {
            out.write(bytes);
        }
        try {
            fs.mkdirs(target.getParent());
            if (fs.exists(target)) {
                return false;
            }
            if (!fs.rename(attempt, target)) {
                if (fs.exists(target)) {
                    return false; // another attempt renamed first
                }
                throw new IOException("cannot rename " + attempt + " to " + target);
            }
            return true;
        } finally {
            fs.delete(attempt, false); // gone after a rename; else the copy not needed
        }
    }

    private FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf.get());
        fs.setWriteChecksum(false); // no .crc files beside the pictures on a local file system
        return fs;
    }

    /** The source's path under the root (scheme and authority aside: one file system is read). */
    private String relative(String source) {
        String path = new Path(source).toUri().getPath();
        // a source outside the root (a glob over several folders) keeps its whole path
        return path.startsWith(root) ? path.substring(root.length()) : path.replaceFirst("^/+", "");
    }

    /** A style label as a file name part: letters, digits, {@code _ - + .} kept, anything else {@code _}. */
    private static String safe(String label) {
        return label.replaceAll("[^A-Za-z0-9_+.-]", "_");
    }
}
