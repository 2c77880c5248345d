package org.ovm.core.storage;

/**
 * Body of {@code POST /volumes/{id}/migrate}.
 *
 * @param poolId the pool the volume moves to
 */
public record VolumeMigrateRequest(String poolId) {
}
