package org.ovm.rest.internal.resources;

import java.util.List;

import org.ovm.core.Page;

/** The shape of every list answer: {@code {"items": [...], "total": N}}. */
public record ListResponse<T>(List<T> items, long total) {

    static <T> ListResponse<T> of(Page<T> page) {
        return new ListResponse<>(page.items(), page.total());
    }
}
