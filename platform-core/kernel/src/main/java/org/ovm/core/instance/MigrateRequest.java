package org.ovm.core.instance;

/**
 * Body of {@code POST /instances/{id}/migrate}.
 *
 * @param hostId the host the instance moves to, or null to let placement choose another host of its cluster
 * @param storagePoolId where the disks the target host does not reach (a local pool of the source) go: a pool
 *        that serves the target; null to let OVM choose the target's pool with the most free space. Only a running
 *        instance takes its disks along (shared-nothing live migration, where the driver can)
 * @param bandwidthMiBps caps the migration stream in MiB/s; null or 0 for no cap
 */
public record MigrateRequest(String hostId, String storagePoolId, Long bandwidthMiBps) {
}
