package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;

/**
 * Optional: moving an instance between two hosts of this driver's type whose disks both hosts reach
 * (shared storage). The kernel checks placement and storage first; the driver moves the instance.
 *
 * @since 1.8
 */
@ConsumerType
public interface MigrationSupport {

    /**
     * Moves the instance from {@code source} to {@code target}: live (the guest keeps running; memory
     * copied while it runs) when it runs, offline (only its definition) when it is stopped. Afterwards
     * it is defined persistently on {@code target} only, in the power state it had, and the source no
     * longer has it: the driver checks that before completing ("never run an instance twice").
     * Reports progress. Fails with {@code CONFLICT} when a disk is not reachable from the target or
     * the target refuses, {@code UNREACHABLE} when the target cannot be reached; on any failure (also
     * the deadline) the migration is aborted and the instance stays, unchanged, on {@code source}.
     *
     * @return the instance as the target sees it
     */
    CompletionStage<InstanceInfo> migrate(OperationContext ctx, HostEndpoint source, HostEndpoint target,
            String backendId, Progress progress);
}
