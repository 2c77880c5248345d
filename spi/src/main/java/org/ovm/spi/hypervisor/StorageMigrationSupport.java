package org.ovm.spi.hypervisor;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;

/**
 * Optional: live migration that takes the instance's disks along (shared nothing: the hosts share no storage),
 * migrations capped in bandwidth, and aborting a migration that runs.
 *
 * @since 1.10
 */
@ConsumerType
public interface StorageMigrationSupport extends MigrationSupport {

    /**
     * Moves the running instance from {@code source} to {@code target} with its disks: each disk whose current
     * path is a key of {@code disks} is copied, while the guest runs and writes, onto the volume the value names
     * (an existing, empty volume of at least the disk's virtual size on storage the target reaches, created by the
     * kernel through the target pool's storage driver; the copy is self-contained, with no backing file); disks
     * not named are shared (both hosts reach them). {@code bandwidthMiBps} caps the migration stream (memory and
     * disks), 0 for no cap. Afterwards the instance runs on {@code target} only, its persistent definition there
     * names the new volumes, the source has no definition of it any more (checked: never run an instance twice)
     * and the source volumes are no longer used (the kernel deletes them). Reports progress. Fails with
     * {@code CONFLICT} when the instance does not run, the target refuses, or the migration was aborted
     * ({@link #abortMigration}), {@code UNREACHABLE} when a host cannot be reached; on any failure (also the
     * deadline) the migration is aborted, the instance stays, running and unchanged, on {@code source}, and the
     * target volumes are not used by any definition (the kernel deletes them).
     *
     * @return the instance as the target sees it
     */
    CompletionStage<InstanceInfo> migrateWithStorage(OperationContext ctx, HostEndpoint source, HostEndpoint target,
            String backendId, Map<String, DiskSpec> disks, long bandwidthMiBps, Progress progress);

    /**
     * Aborts the migration of the instance that runs from {@code source} (started by {@link #migrate} or
     * {@link #migrateWithStorage}), if one runs: that call then fails with {@code CONFLICT} and the instance stays
     * on {@code source}. Completes with false when no migration of the instance runs, true when one was aborted.
     */
    CompletionStage<Boolean> abortMigration(OperationContext ctx, HostEndpoint source, String backendId);
}
