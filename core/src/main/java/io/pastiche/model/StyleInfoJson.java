package io.pastiche.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pastiche.Style;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code style_info} manifest value: a JSON array, element i describing style i (row i of every gamma and
 * beta table): {@code [{"name": "starry_night", "painter": "Vincent van Gogh", "source": "..."}, ...]}.
 * {@code name} is required, unique and a valid {@link StyleNames style name}; {@code painter} and {@code source}
 * may be left out, and their control characters become spaces ({@link FreeText}). Unknown fields are ignored,
 * unlike in the architecture: they describe a style, they cannot change what the network computes.
 */
final class StyleInfoJson {

    private StyleInfoJson() {
    }

    static String write(List<Style> styles) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Style style : styles) {
            StyleNames.check(style.name()); // a file pastiche writes is one it reads
            array.addObject().put("name", style.name()).put("painter", FreeText.clean(style.painter()))
                    .put("source", FreeText.clean(style.source()));
        }
        try {
            return Json.MAPPER.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Style> read(String json, String file) {
        Fields root = Fields.parse(json, file, Manifest.STYLE_INFO);
        List<JsonNode> items = root.array(null);
        List<Style> styles = new ArrayList<>(items.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Fields item = root.object(items.get(i), "style " + i);
            String name = item.string("name");
            String problem = StyleNames.problem(name);
            if (problem != null) {
                throw item.problem(problem);
            }
            if (!names.add(name)) {
                throw item.problem("the name '" + name + "' is used by an earlier style; names must be unique");
            }
            String painter = FreeText.clean(item.optionalString("painter").orElse(""));
            String source = FreeText.clean(item.optionalString("source").orElse(""));
            int index = i;
            styles.add(item.valid(() -> new Style(index, name, painter, source)));
        }
        return styles;
    }
}
