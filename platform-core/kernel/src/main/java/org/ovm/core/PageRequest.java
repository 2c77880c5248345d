package org.ovm.core;

/**
 * Which page of a list to return, in which order.
 *
 * @param limit  at most this many items (1..1000)
 * @param offset skip this many
 * @param sort   {@code field} (ascending) or {@code -field} (descending), a field the list may be
 *               sorted by (each list names them; unknown ones fail with 400), or null for the list's
 *               usual order
 * @since 2.3 {@code sort}
 */
public record PageRequest(int limit, int offset, String sort) {

    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw OvmException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw OvmException.invalid("offset", "offset must not be negative, got " + offset);
        }
        if (sort != null && sort.isBlank()) {
            sort = null;
        }
    }

    /** A page in the list's usual order. */
    public PageRequest(int limit, int offset) {
        this(limit, offset, null);
    }

    public static PageRequest of(Integer limit, Integer offset) {
        return of(limit, offset, null);
    }

    public static PageRequest of(Integer limit, Integer offset, String sort) {
        return new PageRequest(limit == null ? 100 : limit, offset == null ? 0 : offset, sort);
    }
}
