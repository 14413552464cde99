package io.pastiche.model;

import io.pastiche.Style;
import io.pastiche.network.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The manifest of a model file, carried in the safetensors {@code __metadata__} map, whose values are all
 * strings: the format and its version, the architecture (JSON), the width multiplier, the number of styles and
 * what is known of each (JSON). Keys this version does not know are ignored, so that tools may add their own.
 *
 * @param formatVersion the version of the format the file was written in
 * @param spec          the network
 * @param alpha         the width multiplier the network was made with (informational: {@code spec} is what counts)
 * @param styles        one per row of the CIN tables, in order
 */
public record Manifest(int formatVersion, NetworkSpec spec, double alpha, List<Style> styles) {

    /** The value of {@code format}. */
    public static final String FORMAT_NAME = "pastiche";
    /** The newest format version this code reads, and the one it writes. */
    public static final int FORMAT_VERSION = 1;

    static final String FORMAT = "format";
    static final String VERSION = "format_version";
    static final String ARCHITECTURE = "architecture";
    static final String ALPHA = "alpha";
    static final String STYLES = "styles";
    static final String STYLE_INFO = "style_info";

    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,8}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /**
     * Copies the styles.
     *
     * @param formatVersion the version of the format the file was written in
     * @param spec          the network
     * @param alpha         the width multiplier the network was made with (informational)
     * @param styles        one per row of the CIN tables, in order; copied
     */
    public Manifest {
        styles = List.copyOf(styles);
    }

    /**
     * The manifest of a model, in the current format version.
     *
     * @param model the model
     * @return its manifest, version {@link #FORMAT_VERSION}
     */
    public static Manifest of(Model model) {
        return new Manifest(FORMAT_VERSION, model.spec(), model.alpha(), model.styles());
    }

    /**
     * The {@code __metadata__} map, in a fixed key order.
     *
     * @return a new map of strings, the keys {@code format}, {@code format_version}, {@code architecture},
     *         {@code alpha}, {@code styles} and {@code style_info} in that order
     */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT, FORMAT_NAME);
        metadata.put(VERSION, Integer.toString(formatVersion));
        metadata.put(ARCHITECTURE, ArchitectureJson.write(spec));
        metadata.put(ALPHA, Double.toString(alpha));
        metadata.put(STYLES, Integer.toString(styles.size()));
        metadata.put(STYLE_INFO, StyleInfoJson.write(styles));
        return metadata;
    }

    /**
     * Reads and checks a manifest. The format and its version are checked first: a newer version may have
     * changed the meaning of every other key.
     *
     * @param metadata the file's {@code __metadata__} map
     * @param file     names the file in error messages
     * @return the manifest
     * @throws io.pastiche.ModelFormatException if a key is missing or invalid, or the version is newer than
     *                                          {@link #FORMAT_VERSION}
     */
    public static Manifest fromMetadata(Map<String, String> metadata, String file) {
        String format = metadata.get(FORMAT);
        if (!FORMAT_NAME.equals(format)) {
            String what = format == null ? "__metadata__ has no 'format' key"
                    : "__metadata__ 'format' is '" + format + "', not '" + FORMAT_NAME + "'";
            throw Problems.of(file, what + ": this safetensors file is not a pastiche model",
                    "add a pastiche manifest to its __metadata__ as docs/model-format.md describes");
        }
        int version = count(metadata, VERSION, file);
        if (version > FORMAT_VERSION) {
            throw Problems.of(file, "the model is in format version " + version + ", newer than version "
                    + FORMAT_VERSION + " which this pastiche reads", "upgrade pastiche to read it");
        }
        if (version < 1) {
            throw Problems.of(file, "__metadata__ 'format_version' is 0", "versions start at 1");
        }
        NetworkSpec spec = ArchitectureJson.read(required(metadata, ARCHITECTURE, file), file);
        String alphaText = required(metadata, ALPHA, file);
        double alpha = DECIMAL.matcher(alphaText).matches() ? Double.parseDouble(alphaText) : Double.NaN;
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw Problems.of(file, "__metadata__ 'alpha' is '" + alphaText + "'",
                    "it must be a positive decimal number such as 1.0 or 0.25");
        }
        int count = count(metadata, STYLES, file);
        List<Style> styles = StyleInfoJson.read(required(metadata, STYLE_INFO, file), file);
        if (count != styles.size() || count == 0) {
            throw Problems.of(file, "__metadata__ 'styles' says " + count + " but 'style_info' describes "
                    + styles.size() + " styles", "the two must agree, and a model has at least one style");
        }
        return new Manifest(version, spec, alpha, styles);
    }

    private static String required(Map<String, String> metadata, String key, String file) {
        String value = metadata.get(key);
        if (value == null) {
            throw Problems.of(file, "__metadata__ has no '" + key + "' key",
                    "a pastiche manifest needs format, format_version, architecture, alpha, styles and style_info");
        }
        return value;
    }

    private static int count(Map<String, String> metadata, String key, String file) {
        String value = required(metadata, key, file);
        if (!COUNT.matcher(value).matches()) {
            throw Problems.of(file, "__metadata__ '" + key + "' is '" + value + "'",
                    "it must be a whole number written in decimal, such as 1");
        }
        return Integer.parseInt(value);
    }
}
