package io.pastiche.cli;

import io.pastiche.Style;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The paintings a run learns, shared by {@code train} and {@code add-style}: {@code --styles} (files or folders),
 * named after their files unless {@code --names}, with painter and source from {@code --style-info}.
 *
 * <p>The style-info file is plain UTF-8 text, one painting a line: {@code name, painter, source}. The source is
 * the rest of the line, so it may hold commas; blank lines and lines starting with {@code #} are skipped. One
 * file may describe more paintings than a run trains; a painting it does not mention keeps an empty painter and
 * source.
 */
final class Paintings {

    @Option(names = "--styles", paramLabel = "PAINTING", arity = "1..*", required = true,
            description = {"The paintings, one per style: image files, or folders of them (their .jpg, .jpeg, "
                    + ".png and .bmp files, sorted by name).",
                    "Each style is named after its file (starry_night.jpg gives starry_night) unless --names."})
    List<Path> arguments;

    @Option(names = "--names", paramLabel = "NAME", split = ",",
            description = "The styles' names, comma-separated, in the order of the paintings: letters, digits, "
                    + "'_', '-' or '.'.")
    List<String> names;

    @Option(names = "--style-info", paramLabel = "FILE",
            description = "Who painted each painting and where it comes from, stored in the model: a text file "
                    + "of lines 'name, painter, source' (the source may hold commas; # starts a comment). It may "
                    + "describe more paintings than are trained.")
    Path info;

    /** A painting and the style it becomes (index 0: the caller places it). */
    record Painting(Path file, Style style) {
    }

    /**
     * The paintings with their styles' names, painters and sources. No image is read yet.
     *
     * @throws NoSuchFileException if a painting or the style-info file does not exist
     * @throws CliException        if a folder holds no images, a name cannot be derived, or the style-info file
     *                             is wrong
     * @throws ParameterException  if {@code --names} has the wrong count or a bad name
     */
    List<Painting> resolve(CommandLine commandLine) throws IOException {
        if (names != null) {
            String problem = StyleNames.problem(names, "--names: style name");
            if (problem != null) {
                throw new ParameterException(commandLine, problem);
            }
        }
        List<Path> files = Inputs.expand(arguments);
        List<String> styleNames;
        if (names != null) {
            if (names.size() != files.size()) {
                throw new ParameterException(commandLine, "--names gives " + names.size() + " name"
                        + (names.size() == 1 ? "" : "s") + " for " + files.size() + " painting"
                        + (files.size() == 1 ? "" : "s") + " (" + list(files) + ")");
            }
            styleNames = names;
        } else {
            styleNames = fromFileNames(files);
        }
        Map<String, String[]> about = info == null ? Map.of() : readInfo(info, styleNames);
        List<Painting> paintings = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String[] painterAndSource = about.getOrDefault(styleNames.get(i), new String[] {"", ""});
            paintings.add(new Painting(files.get(i),
                    new Style(0, styleNames.get(i), painterAndSource[0], painterAndSource[1])));
        }
        return paintings;
    }

    /** Names from the files' stems, with characters a style name cannot hold replaced by '_'. */
    private static List<String> fromFileNames(List<Path> files) {
        List<String> styleNames = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        for (Path file : files) {
            String name = FileNames.stem(file).replaceAll("[^\\p{L}\\p{N}_.-]", "_");
            String problem = StyleNames.problem(name, "style name");
            if (problem != null) {
                throw new CliException("painting " + file + ": " + problem + "; rename the file or name the styles "
                        + "with --names");
            }
            Path other = byName.putIfAbsent(name, file);
            if (other != null) {
                throw new CliException("paintings " + other + " and " + file + " would both be style '" + name
                        + "'; rename one, or name the styles with --names");
            }
            styleNames.add(name);
        }
        return styleNames;
    }

    /** Painter and source by style name. */
    private static Map<String, String[]> readInfo(Path file, List<String> styleNames) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (CharacterCodingException e) {
            throw new CliException("--style-info " + file + " is not UTF-8 text");
        }
        Map<String, String[]> about = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip(); // a byte order mark, as some editors write
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] fields = line.split(",", 3);
            String name = fields[0].strip();
            if (name.isEmpty()) {
                throw new CliException(where + ": no style name before the first comma");
            }
            String painter = fields.length > 1 ? fields[1].strip() : "";
            String source = fields.length > 2 ? fields[2].strip() : "";
            if (about.put(name, new String[] {painter, source}) != null) {
                throw new CliException(where + ": style '" + name + "' is described twice");
            }
        }
        about.keySet().retainAll(styleNames); // one file may describe more paintings than a run trains
        return about;
    }

    private static String list(List<Path> files) {
        List<String> shown = files.stream().limit(5).map(Path::toString).toList();
        return String.join(", ", shown) + (files.size() > shown.size() ? ", ..." : "");
    }
}
