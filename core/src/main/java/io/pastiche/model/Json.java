package io.pastiche.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration for everything read from a model file. A model file may come from anywhere, so
 * the parser is bounded: nesting depth (a header of a million '[' must not overflow the stack), string and
 * number length; duplicate keys are an error rather than "last one wins", which would let two tensors claim one
 * name.
 */
final class Json {

    /** The deepest a pastiche header or manifest value needs is 4; leave room, refuse the absurd. */
    static final int MAX_DEPTH = 32;
    /** Longest string: a manifest value; the architecture of the standard network is about 3 kB. */
    static final int MAX_STRING = 16 * 1024 * 1024;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNameLength(64 * 1024)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Jackson's own description, without the source dump it appends, plus where it happened. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }
}
