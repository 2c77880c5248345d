package org.ovm.core;

import java.util.Map;

/**
 * Field filters of a list call ({@code ?name=web&state=RUNNING}); only fields the list
 * documents are accepted, others fail with 400 naming the field.
 *
 * @param values the exact-match filters by field
 * @param query  a search ({@code ?q=}): a case-insensitive substring of the field(s) the list
 *               searches (its objects' names, unless the list says otherwise), or null for none
 * @since 2.3 {@code query}
 */
public record Filters(Map<String, String> values, String query) {

    public static final Filters NONE = new Filters(Map.of());

    /** At most this many characters in a search. */
    public static final int MAX_QUERY_LENGTH = 128;

    public Filters {
        values = Map.copyOf(values);
        if (query != null && query.isEmpty()) {
            query = null;
        }
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            throw OvmException.invalid("q", "q (the search) must be at most " + MAX_QUERY_LENGTH
                    + " characters, got " + query.length());
        }
    }

    /** Exact-match filters without a search. */
    public Filters(Map<String, String> values) {
        this(values, null);
    }

    public String get(String field) {
        return values.get(field);
    }

    /** These filters and the search {@code newQuery}. */
    public Filters withQuery(String newQuery) {
        return new Filters(values, newQuery);
    }
}
