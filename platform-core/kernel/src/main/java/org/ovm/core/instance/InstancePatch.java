package org.ovm.core.instance;

import java.util.List;

/**
 * What {@code PATCH /instances/{id}} changes; fields left out (null) stay as they are.
 *
 * @param tags the instance's tags, replacing the ones it has (an empty list removes them all):
 *             each 1–32 letters, digits, '.', '_' or '-', at most 16
 * @since 1.1
 */
public record InstancePatch(List<String> tags) {
}
