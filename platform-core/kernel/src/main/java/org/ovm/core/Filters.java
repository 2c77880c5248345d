package org.ovm.core;

import java.util.Map;

/**
 * Field filters of a list call ({@code ?name=web&state=RUNNING}); only fields the list
 * documents are accepted, others fail with 400 naming the field.
 */
public record Filters(Map<String, String> values) {

    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        values = Map.copyOf(values);
    }

    public String get(String field) {
        return values.get(field);
    }
}
