package org.ovm.core.storage;

/**
 * Body of {@code POST /volumes/{id}/copy}.
 *
 * @param poolId the pool the copy goes to (may be the source's own pool)
 * @param name   the copy's name, or null for {@code <name>-copy}
 */
public record VolumeCopyRequest(String poolId, String name) {
}
