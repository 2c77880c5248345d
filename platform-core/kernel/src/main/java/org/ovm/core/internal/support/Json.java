package org.ovm.core.internal.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * String maps to and from JSON, for task parameters, step outputs and host facts; and records
 * to and from such maps (a task's typed parameters are stored as the string map of their
 * components, so tasks written by older engines read back into the same records).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    public static String write(Map<String, String> map) {
        try {
            return MAPPER.writeValueAsString(map == null ? Map.of() : map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> read(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in inventory: " + e.getMessage(), e);
        }
    }

    /** A record's components as a string map (null components left out). */
    public static Map<String, String> toStrings(Object value) {
        Map<String, Object> raw = MAPPER.convertValue(value, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        Map<String, String> strings = new LinkedHashMap<>();
        raw.forEach((key, v) -> {
            if (v != null) {
                strings.put(key, v instanceof String text ? text : writeValue(v));
            }
        });
        return strings;
    }

    /**
     * A record read back from a string map: its components are strings, numbers and booleans
     * (strings are coerced to numbers and booleans; unknown keys are ignored).
     */
    public static <T> T fromStrings(Map<String, String> strings, Class<T> type) {
        return MAPPER.convertValue(strings, type);
    }

    /** Any value (a record of lists and maps) as JSON, for values kept whole in one string. */
    public static String writeObject(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value {@link #writeObject} wrote, or null for null. */
    public static <T> T readObject(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in inventory: " + e.getMessage(), e);
        }
    }

    private static String writeValue(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
