package org.ovm.core.snapshot.internal;

import org.ovm.core.task.internal.TaskParams;

/**
 * The parameters of the snapshot operations ({@link SnapshotOperations}): the instance's backend
 * id, the snapshot's id, and for a new snapshot its name, description, and the GiB of its VDC's disk
 * quota it claimed (null in tasks written before snapshots were counted).
 */
public record SnapshotParams(String backendId, String snapshotId, String name, String description,
        Long claimedGib) implements TaskParams {

    public SnapshotParams(String backendId, String snapshotId) {
        this(backendId, snapshotId, null, null, null);
    }

    /** The claimed GiB, 0 when nothing was claimed. */
    public long claimed() {
        return claimedGib == null ? 0 : claimedGib;
    }
}
