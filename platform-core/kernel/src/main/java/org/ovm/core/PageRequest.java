package org.ovm.core;

/**
 * Which page of a list to return.
 *
 * @param limit  at most this many items (1..1000)
 * @param offset skip this many
 */
public record PageRequest(int limit, int offset) {

    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw OvmException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw OvmException.invalid("offset", "offset must not be negative, got " + offset);
        }
    }

    public static PageRequest of(Integer limit, Integer offset) {
        return new PageRequest(limit == null ? 100 : limit, offset == null ? 0 : offset);
    }
}
