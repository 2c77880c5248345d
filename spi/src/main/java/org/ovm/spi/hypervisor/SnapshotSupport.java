package org.ovm.spi.hypervisor;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: instance snapshots. A {@link HypervisorDriver} that also implements this interface
 * (and lists {@link HypervisorCapability#SNAPSHOT}) lets users snapshot, revert and delete.
 * The kernel serializes calls per instance and keeps the snapshot records.
 */
@ConsumerType
public interface SnapshotSupport {

    /**
     * Takes a snapshot named {@code name} (disk, plus memory when the instance runs). Idempotent
     * for the same name: an existing snapshot of that name is returned.
     */
    CompletionStage<SnapshotInfo> createSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name, String description);

    /** The instance's snapshots, oldest first. Read-only. */
    CompletionStage<List<SnapshotInfo>> listSnapshots(OperationContext ctx, HostEndpoint host, String backendId);

    /** Returns the instance to the snapshot (power state included); fails with {@code NOT_FOUND}. */
    CompletionStage<InstanceInfo> revertSnapshot(OperationContext ctx, HostEndpoint host, String backendId,
            String name);

    /** Deletes a snapshot, keeping the instance's current state. Idempotent. */
    CompletionStage<Void> deleteSnapshot(OperationContext ctx, HostEndpoint host, String backendId, String name);
}
