package org.ovm.core.snapshot;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.task.TaskView;

/**
 * Snapshots of instances. Users act on their VDC's instances only; an instance another VDC owns
 * is not found (404), as are its snapshots.
 */
public interface SnapshotService {

    /** The instance's snapshots, oldest first. */
    List<SnapshotView> list(Caller caller, String instanceId);

    /** Starts a task that snapshots the instance (disk, and memory if it runs). */
    TaskView create(Caller caller, String instanceId, SnapshotRequest request);

    /** Starts a task that returns the instance to a snapshot. */
    TaskView revert(Caller caller, String instanceId, String snapshotId);

    /** Starts a task that deletes a snapshot. */
    TaskView delete(Caller caller, String instanceId, String snapshotId);
}
