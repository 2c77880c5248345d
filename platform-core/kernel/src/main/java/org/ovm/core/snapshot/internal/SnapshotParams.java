package org.ovm.core.snapshot.internal;

import org.ovm.core.task.internal.TaskParams;

/**
 * The parameters of the snapshot operations ({@link SnapshotOperations}): the instance's backend
 * id, the snapshot's id, and for a new snapshot its name and description.
 */
public record SnapshotParams(String backendId, String snapshotId, String name, String description)
        implements TaskParams {
}
