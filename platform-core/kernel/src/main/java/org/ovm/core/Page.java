package org.ovm.core;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the items of this page
 * @param total how many items match in all
 */
public record Page<T>(List<T> items, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
