package io.pastiche.model;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.END_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.pastiche.ModelFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON of a safetensors header token by token. Streaming rather than a JSON tree because the header is
 * untrusted: each value is checked for its expected kind as it arrives, so a hostile header (a huge array where
 * a shape belongs) is refused before it is built in memory.
 */
final class HeaderParser {

    /** More tensors than any style network has (the standard one has 48), far below what would strain the heap. */
    static final int MAX_TENSORS = 100_000;
    /** Safetensors shapes have a handful of dimensions; pastiche uses at most 4. */
    static final int MAX_RANK = 16;
    static final String METADATA = "__metadata__";

    private final JsonParser parser;
    private final String file;

    private HeaderParser(JsonParser parser, String file) {
        this.parser = parser;
        this.file = file;
    }

    /** The entries in header order, and the metadata, or {@code null} for a header without {@code __metadata__}. */
    record Parsed(Map<String, TensorEntry> tensors, Map<String, String> metadata) {
    }

    static Parsed parse(String json, String file) {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            return new HeaderParser(parser, file).header();
        } catch (JsonProcessingException e) {
            throw Problems.of(file, "the header is not valid JSON: " + Json.describe(e),
                    "the file is damaged or is not a safetensors file", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string", e); // a String source cannot fail
        }
    }

    private Parsed header() throws IOException {
        if (parser.nextToken() != START_OBJECT) {
            throw fail("the header is not a JSON object", "a safetensors header is {\"name\": {...}, ...}");
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = null;
        while (parser.nextToken() == FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (name.equals(METADATA)) {
                metadata = metadata();
            } else if (tensors.size() == MAX_TENSORS) {
                throw fail("the header lists more than " + MAX_TENSORS + " tensors", "this is not a style network");
            } else {
                tensors.put(name, entry(name));
            }
        }
        if (parser.nextToken() != null) {
            throw fail("the header has content after its JSON object", "pad the header with spaces only");
        }
        return new Parsed(tensors, metadata);
    }

    private Map<String, String> metadata() throws IOException {
        if (parser.currentToken() != START_OBJECT) {
            throw fail(METADATA + " is " + kind(parser.currentToken()) + ", not an object",
                    "it must map strings to strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        while (parser.nextToken() == FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value != VALUE_STRING) {
                throw fail(METADATA + " key '" + key + "' holds " + kind(value) + ", not a string",
                        "safetensors metadata values must be strings: encode numbers and lists as text");
            }
            metadata.put(key, parser.getText());
        }
        return metadata;
    }

    private TensorEntry entry(String name) throws IOException {
        String what = "tensor '" + name + "'";
        if (parser.currentToken() != START_OBJECT) {
            throw fail(what + " is " + kind(parser.currentToken()) + ", not an object",
                    "each tensor needs {\"dtype\", \"shape\", \"data_offsets\"}");
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (parser.nextToken() == FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (value != VALUE_STRING) {
                        throw fail(what + ": dtype is " + kind(value), "it must be a string such as \"F32\"");
                    }
                    dtype = parser.getText();
                }
                case "shape" -> shape = integers(what + ": shape", MAX_RANK);
                case "data_offsets" -> offsets = integers(what + ": data_offsets", 2);
                default -> throw fail(what + " has an unknown field '" + field + "'",
                        "a tensor entry has only dtype, shape and data_offsets");
            }
        }
        return TensorEntries.build(file, name, dtype, shape, offsets);
    }

    /** A JSON array of at most {@code max} non-negative integers that fit in a long. */
    private long[] integers(String what, int max) throws IOException {
        if (parser.currentToken() != START_ARRAY) {
            throw fail(what + " is " + kind(parser.currentToken()) + ", not an array", "it must list integers");
        }
        List<Long> values = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != END_ARRAY; token = parser.nextToken()) {
            if (values.size() == max) {
                throw fail(what + " has more than " + max + " values", "check the header");
            }
            if (token != VALUE_NUMBER_INT) {
                String found = token == JsonToken.VALUE_NUMBER_FLOAT ? parser.getText() : kind(token);
                throw fail(what + " holds " + found + ", not an integer", "dimensions and offsets are integers");
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw fail(what + " holds " + parser.getText() + ", too large", "values must be below 2^63");
            }
            if (parser.getLongValue() < 0) {
                throw fail(what + " holds the negative value " + parser.getText(), "values must be 0 or more");
            }
            values.add(parser.getLongValue());
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "missing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private ModelFormatException fail(String what, String fix) {
        return Problems.of(file, what, fix);
    }
}
