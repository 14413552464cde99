package io.pastiche.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pastiche.ModelFormatException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the fields of one JSON object inside a manifest value, each check giving a message that says which
 * manifest key, which part of it ({@code where}) and which field is wrong. Small on purpose: the manifest's JSON
 * values are few and flat.
 */
final class Fields {

    private final JsonNode node;
    private final String file;
    private final String key;
    private final String where;

    private Fields(JsonNode node, String file, String key, String where) {
        this.node = node;
        this.file = file;
        this.key = key;
        this.where = where;
    }

    /** Parses the JSON text of manifest value {@code key}; the result is the root, whatever its kind. */
    static Fields parse(String json, String file, String key) {
        try {
            return new Fields(Json.MAPPER.readTree(json), file, key, "");
        } catch (JsonProcessingException e) {
            throw Problems.of(file, "the manifest's " + key + " is not valid JSON: " + Json.describe(e),
                    fix(key), e);
        }
    }

    private static String fix(String key) {
        return "correct the __metadata__ value '" + key + "' (docs/model-format.md describes it)";
    }

    JsonNode node() {
        return node;
    }

    /** The same node, described as {@code where} in messages. */
    Fields named(String where) {
        return new Fields(node, file, key, where);
    }

    /** {@code child}, which must be an object. */
    Fields object(JsonNode child, String where) {
        if (child == null || !child.isObject()) {
            throw named(where).problem("expected an object, found " + kind(child));
        }
        return new Fields(child, file, key, where);
    }

    /** Refuses any field not in {@code allowed}. */
    void only(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw problem("unknown field '" + name + "' (known: " + String.join(", ", allowed.stream()
                        .sorted().toList()) + ")");
            }
        }
    }

    /** The elements of a required array; the root itself when {@code field} is null. */
    List<JsonNode> array(String field) {
        JsonNode value = field == null ? node : node.get(field);
        if (value == null || !value.isArray()) {
            throw problem((field == null ? "the value" : "'" + field + "'") + " must be an array, found "
                    + kind(value));
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    String string(String field) {
        return optionalString(field).orElseThrow(() -> problem("'" + field + "' is missing"));
    }

    Optional<String> optionalString(String field) {
        JsonNode value = node.get(field);
        if (value != null && !value.isTextual()) {
            throw problem("'" + field + "' must be a string, found " + kind(value));
        }
        return value == null ? Optional.empty() : Optional.of(value.asText());
    }

    int integer(String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()
                || value.asInt() < min || value.asInt() > max) {
            throw problem("'" + field + "' must be an integer from " + min + " to " + max + ", found "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asInt();
    }

    /** Builds a domain object, turning its IllegalArgumentException into a format problem. */
    <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    ModelFormatException problem(String what) {
        return Problems.of(file, "the manifest's " + key + (where.isEmpty() ? "" : ", " + where) + ": " + what,
                fix(key));
    }

    private static String kind(JsonNode value) {
        return value == null || value.isMissingNode() ? "nothing" : value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
